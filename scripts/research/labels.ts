import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSplit, TASKS, taskDir } from './common.ts';
for (const task of TASKS)
  await writeFile(
    join(taskDir(task), 'labels.json'),
    JSON.stringify((await loadSplit(task)).labels),
  );
