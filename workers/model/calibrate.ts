import { rowLoss } from './losses.ts';

const CANDIDATES = [0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2];
/** Used when there is nothing to calibrate on; typical of hinge-trained scores. */
export const DEFAULT_TEMPERATURE = 0.1;

/**
 * The softmax temperature that makes the scores honest probabilities on held-out rows
 * (lowest negative log-likelihood). Hinge-trained scores sit near ±1, so a plain softmax
 * would call a sure answer 15% likely.
 */
export function fitTemperature(
  logits: Float32Array,
  classCount: number,
  truth: readonly number[],
): number {
  if (truth.length === 0) return DEFAULT_TEMPERATURE;
  let best = DEFAULT_TEMPERATURE;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const temperature of CANDIDATES) {
    const loss = meanNegativeLogLikelihood(logits, classCount, truth, temperature);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = temperature;
    }
  }
  return best;
}

/** Mean negative log-likelihood of the true classes under a softmax at `temperature`; 0 without rows. */
export function meanNegativeLogLikelihood(
  logits: Float32Array,
  classCount: number,
  truth: readonly number[],
  temperature: number,
): number {
  if (truth.length === 0) return 0;
  const scaled = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i++) scaled[i] = (logits[i] as number) / temperature;
  let loss = 0;
  truth.forEach((t, r) => (loss += rowLoss('softmax', scaled, r * classCount, classCount, t)));
  return loss / truth.length;
}
