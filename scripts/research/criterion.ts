/** Two-fold comparison of the mix-weight criteria (accuracy + macro-F1, or NLL) on cached validation scores. */
import { join } from 'node:path';
import { fitTemperature } from '../../workers/model/calibrate.ts';
import { loadFloats, loadSplit, logSoftmax, meanNll, score, taskDir } from './common.ts';
import { WEIGHTS, mix } from './ensemble-eval.ts';
const [task = 'flipkart-l2', file] = process.argv.slice(2);
const split = await loadSplit(task);
const width = split.labels.length;
const truth = [...split.val.classes];
const lin = (await loadFloats(join(taskDir(task), 'linear-val.f32')))!;
const deep = (await loadFloats(join(taskDir(task), 'deep', file!)))!;
const linLp = logSoftmax(lin, width, fitTemperature(lin, width, truth));
const deepLp = logSoftmax(deep, width, fitTemperature(deep, width, truth));
const sub = (a: Float32Array, rows: number[]) => {
  const o = new Float32Array(rows.length * width);
  rows.forEach((r, i) => o.set(a.subarray(r * width, r * width + width), i * width));
  return o;
};
const all = truth.map((_, i) => i);
for (const criterion of ['accf1', 'nll'] as const) {
  const results: string[] = [];
  for (const seed of [0, 1, 2]) {
    const halves = [
      all.filter((i) => (i + seed) % 3 !== 0),
      all.filter((i) => (i + seed) % 3 === 0),
    ];
    const choose = halves[0]!,
      apply = halves[1]!;
    const t = choose.map((i) => truth[i]!);
    let best = { w: 0, key: -Infinity };
    for (const w of WEIGHTS) {
      const m = mix(sub(linLp, choose), sub(deepLp, choose), w, 'log');
      const s = score(t, m, split.labels);
      const key = criterion === 'nll' ? -meanNll(logSoftmax(m, width, 1), width, t) : s.acc + s.f1;
      if (key > best.key + 1e-12) best = { w, key };
    }
    const s = score(
      apply.map((i) => truth[i]!),
      mix(sub(linLp, apply), sub(deepLp, apply), best.w, 'log'),
      split.labels,
    );
    const l = score(
      apply.map((i) => truth[i]!),
      sub(linLp, apply),
      split.labels,
    );
    results.push(`w=${best.w} ${s.acc}/${s.f1} (linear ${l.acc}/${l.f1})`);
  }
  console.log(task, criterion, results.join(' | '));
}
