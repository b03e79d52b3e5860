import type { EnsembleMix } from '@shared/db/records/deep-model.ts';
import { computeMetrics } from '@shared/metrics.ts';
import { fitTemperature, meanNegativeLogLikelihood } from '../model/calibrate.ts';
import { argmaxRows } from '../model/predict.ts';

/** Mixing weights tried on the validation rows (share of the deep model). */
export const MIX_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** Log-softmax of each row of `scores / temperature`, written into `out`. */
function logSoftmaxInto(
  scores: Float32Array,
  classCount: number,
  temperature: number,
  out: Float32Array,
  weight: number,
): void {
  for (let base = 0; base < scores.length; base += classCount) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classCount; c++)
      max = Math.max(max, (scores[base + c] as number) / temperature);
    let sum = 0;
    for (let c = 0; c < classCount; c++)
      sum += Math.exp((scores[base + c] as number) / temperature - max);
    const logSum = max + Math.log(sum);
    for (let c = 0; c < classCount; c++) {
      out[base + c] =
        (out[base + c] as number) + weight * ((scores[base + c] as number) / temperature - logSum);
    }
  }
}

/**
 * The ensemble's scores: a weighted sum of both models' calibrated log-probabilities (a
 * product of experts). Row-major like the inputs; a softmax at the model's temperature turns
 * them into its probabilities.
 */
export function mixScores(
  linearLogits: Float32Array,
  deepLogits: Float32Array,
  classCount: number,
  mix: EnsembleMix,
): Float32Array {
  const out = new Float32Array(linearLogits.length);
  if (mix.weight < 1)
    logSoftmaxInto(linearLogits, classCount, mix.linearTemperature, out, 1 - mix.weight);
  if (mix.weight > 0) logSoftmaxInto(deepLogits, classCount, mix.deepTemperature, out, mix.weight);
  return out;
}

export interface ChosenMix {
  mix: EnsembleMix;
  /** Temperature of the mixed scores, fitted on the same rows. */
  temperature: number;
  /** Validation figures of every weight tried, for the record. */
  tried: { weight: number; accuracy: number; macroF1: number; nll: number }[];
}

/**
 * Chooses the mixing weight on validation rows: the highest accuracy + macro-F1 (the figures the
 * owner sees), the lower negative log-likelihood breaking ties; each model is calibrated first
 * (its own temperature), and so is the mix. Without validation rows the deep model gets half.
 */
export function chooseMix(
  linearLogits: Float32Array,
  deepLogits: Float32Array,
  classCount: number,
  truth: readonly number[],
  labels: readonly string[],
): ChosenMix {
  const linearTemperature = fitTemperature(linearLogits, classCount, truth);
  const deepTemperature = fitTemperature(deepLogits, classCount, truth);
  if (truth.length === 0) {
    const mix = { weight: 0.5, linearTemperature, deepTemperature };
    return { mix, temperature: 1, tried: [] };
  }
  const tried = MIX_WEIGHTS.map((weight) => {
    const scores = mixScores(linearLogits, deepLogits, classCount, {
      weight,
      linearTemperature,
      deepTemperature,
    });
    const metrics = computeMetrics(truth, argmaxRows(scores, classCount), labels);
    const nll = meanNegativeLogLikelihood(scores, classCount, truth, 1);
    return { weight, accuracy: metrics.accuracy, macroF1: metrics.macroF1, nll };
  });
  const best = tried.reduce((a, b) => {
    const gain = b.accuracy + b.macroF1 - (a.accuracy + a.macroF1);
    return gain > 1e-9 || (Math.abs(gain) <= 1e-9 && b.nll < a.nll) ? b : a;
  });
  const mix = { weight: best.weight, linearTemperature, deepTemperature };
  const scores = mixScores(linearLogits, deepLogits, classCount, mix);
  return { mix, temperature: fitTemperature(scores, classCount, truth), tried };
}
