/** Offline look at cached validation scores: ensembles with a prior correction. npx tsx scripts/research/analyse.ts TASK deepFile */
import { join } from 'node:path';
import { fitTemperature } from '../../workers/model/calibrate.ts';
import { loadFloats, loadSplit, logSoftmax, score, taskDir } from './common.ts';
const [task = 'flipkart-l2', deepFile] = process.argv.slice(2);
const split = await loadSplit(task);
const width = split.labels.length;
const truth = split.val.classes;
const linear = (await loadFloats(join(taskDir(task), 'linear-val.f32')))!;
const deep = deepFile ? (await loadFloats(join(taskDir(task), 'deep', deepFile)))! : null;
const prior = new Float32Array(width).fill(1);
for (const c of split.fit.classes) prior[c]! += 1;
const logPrior = prior.map((p) => Math.log(p / (split.fit.classes.length + width)));
const linLp = logSoftmax(linear, width, fitTemperature(linear, width, truth));
const deepLp = deep ? logSoftmax(deep, width, fitTemperature(deep, width, truth)) : null;
for (const tau of [0, 0.25, 0.5, 1]) {
  const row: string[] = [];
  for (const w of deep ? [0, 0.2, 0.3, 0.4, 0.5] : [0]) {
    const mixed = new Float32Array(linLp.length);
    for (let i = 0; i < mixed.length; i++)
      mixed[i] = (1 - w) * linLp[i]! + w * (deepLp ? deepLp[i]! : 0) - tau * logPrior[i % width]!;
    const s = score(truth, mixed, split.labels);
    row.push(`w${w}:${s.f1}/${s.acc}`);
  }
  console.log(`tau ${tau}`, row.join(' '));
}
