import { join } from 'node:path';
import { argmax, loadFloats, loadSplit, taskDir } from './common.ts';
const [task = 'flipkart-l2', file] = process.argv.slice(2);
const split = await loadSplit(task);
const w = split.labels.length;
const lin = argmax((await loadFloats(join(taskDir(task), 'linear-val.f32')))!, w);
const deep = argmax((await loadFloats(join(taskDir(task), 'deep', file!)))!, w);
let both = 0,
  onlyLin = 0,
  onlyDeep = 0,
  none = 0;
split.val.classes.forEach((t, i) => {
  const a = lin[i] === t,
    b = deep[i] === t;
  if (a && b) both++;
  else if (a) onlyLin++;
  else if (b) onlyDeep++;
  else none++;
});
console.log({ both, onlyLin, onlyDeep, none, n: lin.length });
