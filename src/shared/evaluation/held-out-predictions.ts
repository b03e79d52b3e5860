import type { HeldOutPredictionsRecord } from '../db/schema.ts';

/** The columns the evaluation functions read; a stored record has them all. */
export type RankedPredictions = Pick<HeldOutPredictionsRecord, 'k' | 'truth' | 'topClasses'>;

export interface RankedColumns {
  topClasses: Int32Array;
  rawProbabilities: Float32Array;
  calibratedProbabilities: Float32Array;
}

/**
 * The k best classes of each row of a logits matrix with their softmax probabilities at
 * temperature 1 and at `temperature`. Only the top k are kept: that is all the views need,
 * and it keeps a model with hundreds of classes small to store.
 */
export function rankLogits(
  logits: Float32Array,
  classCount: number,
  k: number,
  temperature: number,
): RankedColumns {
  if (classCount < 1 || logits.length % classCount !== 0)
    throw new RangeError(`${logits.length} logits do not split into rows of ${classCount}`);
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const rows = logits.length / classCount;
  const kept = Math.min(k, classCount);
  const topClasses = new Int32Array(rows * kept);
  const rawProbabilities = new Float32Array(rows * kept);
  const calibratedProbabilities = new Float32Array(rows * kept);
  const order = Array.from({ length: classCount }, (_, c) => c);
  for (let r = 0; r < rows; r++) {
    const base = r * classCount;
    const score = (c: number) => logits[base + c] ?? 0;
    // Ties keep the lower class id first, as argmax does.
    order.sort((a, b) => score(b) - score(a) || a - b);
    const max = score(order[0] ?? 0);
    let rawSum = 0;
    let calibratedSum = 0;
    for (let c = 0; c < classCount; c++) {
      rawSum += Math.exp(score(c) - max);
      calibratedSum += Math.exp((score(c) - max) / temperature);
    }
    for (let j = 0; j < kept; j++) {
      const c = order[j] ?? 0;
      topClasses[r * kept + j] = c;
      rawProbabilities[r * kept + j] = Math.exp(score(c) - max) / rawSum;
      calibratedProbabilities[r * kept + j] =
        Math.exp((score(c) - max) / temperature) / calibratedSum;
    }
  }
  return { topClasses, rawProbabilities, calibratedProbabilities };
}

export function rowCount(predictions: RankedPredictions): number {
  return predictions.truth.length;
}

/** The predicted (top-1) class of each row. */
export function predictedClasses(predictions: RankedPredictions): Int32Array {
  const { k, topClasses } = predictions;
  return Int32Array.from({ length: rowCount(predictions) }, (_, r) => topClasses[r * k] ?? -1);
}

/** The probability of the predicted class of each row, from a [rows × k] probability column. */
export function topConfidences(probabilities: Float32Array, k: number): Float32Array {
  return Float32Array.from(
    { length: probabilities.length / k },
    (_, r) => probabilities[r * k] ?? 0,
  );
}

/** 1 where the predicted class is the true one. */
export function correctness(predictions: RankedPredictions): Uint8Array {
  const predicted = predictedClasses(predictions);
  return Uint8Array.from(predicted, (p, r) => (p === predictions.truth[r] ? 1 : 0));
}
