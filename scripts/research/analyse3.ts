/** Linear + several deep models' cached validation scores: weights on a grid, two-fold honest estimate. */
import { join } from 'node:path';
import { fitTemperature } from '../../workers/model/calibrate.ts';
import { loadFloats, loadSplit, logSoftmax, score, taskDir } from './common.ts';
const [task = 'flipkart-l2', ...files] = process.argv.slice(2);
const split = await loadSplit(task);
const width = split.labels.length;
const truth = [...split.val.classes];
const lin = (await loadFloats(join(taskDir(task), 'linear-val.f32')))!;
const members = [logSoftmax(lin, width, fitTemperature(lin, width, truth))];
for (const f of files) {
  const d = (await loadFloats(join(taskDir(task), 'deep', f)))!;
  members.push(logSoftmax(d, width, fitTemperature(d, width, truth)));
}
const grid: number[][] = [];
const steps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
const rec = (prefix: number[], left: number) => {
  if (prefix.length === members.length - 1) {
    grid.push([left, ...prefix]);
    return;
  }
  for (const w of steps) if (w <= left + 1e-9) rec([...prefix, w], +(left - w).toFixed(2));
};
rec([], 1);
function mixRows(weights: number[], rows: number[]) {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let c = 0; c < width; c++) {
      let s = 0;
      members.forEach((m, k) => (s += weights[k]! * m[r * width + c]!));
      out[i * width + c] = s;
    }
  });
  return out;
}
const all = truth.map((_, i) => i);
const evaluate = (w: number[], rows: number[]) =>
  score(
    rows.map((r) => truth[r]!),
    mixRows(w, rows),
    split.labels,
  );
const best = grid
  .map((w) => ({ w, ...evaluate(w, all) }))
  .sort((a, b) => b.f1 + b.acc - a.f1 - a.acc)[0]!;
const halves = [all.filter((i) => i % 2 === 0), all.filter((i) => i % 2 === 1)];
const pred = new Float32Array(truth.length * width);
for (let h = 0; h < 2; h++) {
  const choose = halves[h]!,
    apply = halves[1 - h]!;
  const w = grid
    .map((w) => ({ w, ...evaluate(w, choose) }))
    .sort((a, b) => b.f1 + b.acc - a.f1 - a.acc)[0]!.w;
  const m = mixRows(w, apply);
  apply.forEach((r, i) => {
    let a = 0;
    for (let c = 1; c < width; c++) if (m[i * width + c]! > m[i * width + a]!) a = c;
    pred[r * width + a] = 1;
  });
}
console.log(
  task,
  files.join(' + '),
  '| linear',
  evaluate([1, ...files.map(() => 0)], all),
  '| best',
  best,
  '| 2-fold',
  score(truth, pred, split.labels),
);
