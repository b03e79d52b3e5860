import type { HeldOutPredictionsRecord } from '../db/records/evaluation.ts';

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
  // Selection of the k best by insertion, not a sort of every class: with hundreds of
  // classes and thousands of rows a full sort per row takes seconds, and this runs between
  // Cancel and the worker's reply.
  const best = new Int32Array(kept);
  for (let r = 0; r < rows; r++) {
    const base = r * classCount;
    const score = (c: number) => logits[base + c] as number;
    let filled = 0;
    for (let c = 0; c < classCount; c++) {
      const s = score(c);
      if (filled === kept && s <= score(best[kept - 1] ?? 0)) continue;
      let j = filled < kept ? filled++ : kept - 1;
      // Strictly lower scores move down, so a tie keeps the lower class id first, as argmax does.
      while (j > 0 && score(best[j - 1] ?? 0) < s) {
        best[j] = best[j - 1] ?? 0;
        j--;
      }
      best[j] = c;
    }
    const max = score(best[0] ?? 0);
    let rawSum = 0;
    let calibratedSum = 0;
    for (let c = 0; c < classCount; c++) {
      rawSum += Math.exp(score(c) - max);
      calibratedSum += Math.exp((score(c) - max) / temperature);
    }
    for (let j = 0; j < kept; j++) {
      const c = best[j] ?? 0;
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
