import { join } from 'node:path';
import { argmax, loadFloats, loadSplit, score, taskDir } from './common.ts';
const [task = 'flipkart-l2', file] = process.argv.slice(2);
const split = await loadSplit(task);
const w = split.labels.length;
const linS = (await loadFloats(join(taskDir(task), 'linear-val.f32')))!;
const svmS = (await loadFloats(join(taskDir(task), 'svm-val.f32')))!;
const lin = argmax(linS, w),
  svm = argmax(svmS, w);
console.log(
  'svm',
  score(split.val.classes, svmS, split.labels),
  'linear',
  score(split.val.classes, linS, split.labels),
);
let a = 0,
  b = 0;
split.val.classes.forEach((t, i) => {
  if (lin[i] !== t && svm[i] === t) a++;
  if (lin[i] === t && svm[i] !== t) b++;
});
console.log({ svmOnly: a, linOnly: b });
if (file) {
  const deep = argmax((await loadFloats(join(taskDir(task), 'deep', file)))!, w);
  let c = 0;
  split.val.classes.forEach((t, i) => {
    if (lin[i] !== t && svm[i] === t && deep[i] === t) c++;
  });
  console.log('svmOnly rows the deep model gets right', c);
}
