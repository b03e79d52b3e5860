/** Ensemble scores of the linear and deep models' validation outputs, for the research scripts. */
import { fitTemperature } from '../../workers/model/calibrate.ts';
import { logSoftmax, round, score } from './common.ts';

export const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function mix(
  linLp: Float32Array,
  deepLp: Float32Array,
  w: number,
  mode: 'log' | 'prob',
): Float32Array {
  const out = new Float32Array(linLp.length);
  for (let i = 0; i < out.length; i++) {
    out[i] =
      mode === 'log'
        ? (1 - w) * linLp[i]! + w * deepLp[i]!
        : (1 - w) * Math.exp(linLp[i]!) + w * Math.exp(deepLp[i]!);
  }
  return out;
}

function subset(scores: Float32Array, width: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(scores.subarray(r * width, r * width + width), i * width));
  return out;
}

/** Grid of weights on all rows, plus an honest two-fold estimate (weight chosen on one half by F1, scored on the other). */
export function ensembleReport(
  linear: Float32Array,
  deep: Float32Array,
  truth: number[],
  labels: string[],
  mode: 'log' | 'prob' = 'log',
) {
  const width = labels.length;
  const tLin = fitTemperature(linear, width, truth);
  const linLp = logSoftmax(linear, width, tLin);
  const tDeep = fitTemperature(deep, width, truth);
  const deepLp = logSoftmax(deep, width, tDeep);
  const grid = WEIGHTS.map((w) => ({ w, ...score(truth, mix(linLp, deepLp, w, mode), labels) }));
  const halves = [
    truth.map((_, i) => i).filter((i) => i % 2 === 0),
    truth.map((_, i) => i).filter((i) => i % 2 === 1),
  ];
  const predicted = new Array<number>(truth.length);
  const chosen: number[] = [];
  for (let h = 0; h < 2; h++) {
    const choose = halves[h]!;
    const apply = halves[1 - h]!;
    const t = choose.map((i) => truth[i]!);
    let best = { w: 0, key: -1 };
    for (const w of WEIGHTS) {
      const s = score(
        t,
        mix(subset(linLp, width, choose), subset(deepLp, width, choose), w, mode),
        labels,
      );
      const key = s.f1 + s.acc;
      if (key > best.key + 1e-9) best = { w, key };
    }
    chosen.push(best.w);
    const mixed = mix(subset(linLp, width, apply), subset(deepLp, width, apply), best.w, mode);
    apply.forEach((row, i) => {
      let arg = 0;
      for (let c = 1; c < width; c++) if (mixed[i * width + c]! > mixed[i * width + arg]!) arg = c;
      predicted[row] = arg;
    });
  }
  const scoresOfPredicted = new Float32Array(truth.length * width);
  predicted.forEach((c, r) => (scoresOfPredicted[r * width + c] = 1));
  return {
    tLin,
    tDeep,
    grid: grid.map((g) => `${g.w}:${g.f1}/${g.acc}`).join(' '),
    twoFold: { ...score(truth, scoresOfPredicted, labels), chosen },
    best: grid.reduce((a, b) => (b.f1 + b.acc > a.f1 + a.acc ? b : a)),
    round,
  };
}
