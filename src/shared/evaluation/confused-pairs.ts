import { predictedClasses, type RankedPredictions } from './held-out-predictions.ts';

export interface ConfusedPair {
  trueClass: number;
  predictedClass: number;
  count: number;
  /** Indices into the prediction rows (not dataset positions) of the mistaken rows. */
  rows: number[];
}

/**
 * Every (true, predicted) pair the model got wrong, most frequent first (ties by true then
 * predicted class id). Only mistakes that happened are listed, so the list grows with the
 * errors, not with the square of the class count.
 */
export function confusedPairs(predictions: RankedPredictions): ConfusedPair[] {
  const predicted = predictedClasses(predictions);
  const pairs = new Map<string, ConfusedPair>();
  predicted.forEach((p, r) => {
    const t = predictions.truth[r] ?? -1;
    if (p === t) return;
    const key = `${t}:${p}`;
    const pair = pairs.get(key);
    if (pair) {
      pair.count++;
      pair.rows.push(r);
    } else pairs.set(key, { trueClass: t, predictedClass: p, count: 1, rows: [r] });
  });
  return [...pairs.values()].sort(
    (a, b) => b.count - a.count || a.trueClass - b.trueClass || a.predictedClass - b.predictedClass,
  );
}
