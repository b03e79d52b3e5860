import { rowCount, type RankedPredictions } from './held-out-predictions.ts';

/** Share of rows whose true class is among the k most probable; 0 without rows. */
export function topKAccuracy(predictions: RankedPredictions, k: number): number {
  if (k < 1 || k > predictions.k)
    throw new RangeError(`top-${k} needs 1 ≤ k ≤ ${predictions.k} stored classes per row`);
  const rows = rowCount(predictions);
  if (rows === 0) return 0;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const truth = predictions.truth[r];
    for (let j = 0; j < k; j++) {
      if (predictions.topClasses[r * predictions.k + j] === truth) {
        hits++;
        break;
      }
    }
  }
  return hits / rows;
}
