import { join } from 'node:path';
import { argmax, loadFloats, loadSplit, taskDir } from './common.ts';
const [task = 'flipkart-l2', n = '25'] = process.argv.slice(2);
const split = await loadSplit(task);
const linear = (await loadFloats(join(taskDir(task), 'linear-val.f32')))!;
const pred = argmax(linear, split.labels.length);
const counts = new Map<number, number>();
for (const c of split.fit.classes) counts.set(c, (counts.get(c) ?? 0) + 1);
let shown = 0;
split.val.classes.forEach((t, i) => {
  if (pred[i] !== t && shown++ < Number(n))
    console.log(
      `[${counts.get(t)}] ${split.labels[t]}  <- predicted [${counts.get(pred[i]!)}] ${split.labels[pred[i]!]}\n     ${split.val.texts[i]!.slice(0, 140).replace(/\n/g, ' | ')}`,
    );
});
