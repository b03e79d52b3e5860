export interface ConfidenceBin {
  /** Inclusive lower edge; the upper edge is exclusive except for the last bin, which includes 1. */
  lower: number;
  upper: number;
  count: number;
  correct: number;
  /** Mean confidence of the rows in the bin; NaN when empty. */
  meanConfidence: number;
  /** Share of the rows in the bin that were right; NaN when empty. */
  accuracy: number;
}

function checkColumns(confidences: ArrayLike<number>, correct: ArrayLike<number>, bins: number) {
  if (confidences.length !== correct.length)
    throw new RangeError(`${confidences.length} confidences but ${correct.length} outcomes`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

/**
 * Rows grouped into equal-width confidence bins over [0, 1], with how many were right in
 * each: the confidence histogram and the reliability diagram both read from this.
 */
export function confidenceBins(
  confidences: ArrayLike<number>,
  correct: ArrayLike<number>,
  bins = 10,
): ConfidenceBin[] {
  checkColumns(confidences, correct, bins);
  const count = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  for (let i = 0; i < confidences.length; i++) {
    const confidence = confidences[i] ?? 0;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));
    count[bin] = (count[bin] ?? 0) + 1;
    hits[bin] = (hits[bin] ?? 0) + (correct[i] ? 1 : 0);
    confidenceSum[bin] = (confidenceSum[bin] ?? 0) + confidence;
  }
  return Array.from({ length: bins }, (_, b) => {
    const n = count[b] ?? 0;
    return {
      lower: b / bins,
      upper: (b + 1) / bins,
      count: n,
      correct: hits[b] ?? 0,
      meanConfidence: n === 0 ? Number.NaN : (confidenceSum[b] ?? 0) / n,
      accuracy: n === 0 ? Number.NaN : (hits[b] ?? 0) / n,
    };
  });
}

/**
 * Expected calibration error: the gap between confidence and accuracy in each bin,
 * weighted by the bin's share of rows. 0 is perfectly calibrated; 0 without rows.
 */
export function expectedCalibrationError(bins: readonly ConfidenceBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return 0;
  return bins.reduce(
    (sum, bin) =>
      bin.count === 0
        ? sum
        : sum + (bin.count / total) * Math.abs(bin.accuracy - bin.meanConfidence),
    0,
  );
}

/**
 * Rows sorted by confidence and cut into `bins` groups of (nearly) equal size; each bin's
 * edges are the lowest and highest confidence in it. A model that is sure of most products
 * leaves equal-width bins nearly empty below the top one, and their accuracy is noise; equal
 * groups give every point of a reliability diagram the same weight of evidence.
 */
export function equalCountBins(
  confidences: ArrayLike<number>,
  correct: ArrayLike<number>,
  bins = 10,
): ConfidenceBin[] {
  checkColumns(confidences, correct, bins);
  const order = Array.from({ length: confidences.length }, (_, i) => i).sort(
    (a, b) => (confidences[a] ?? 0) - (confidences[b] ?? 0),
  );
  const n = order.length;
  const out: ConfidenceBin[] = [];
  for (let b = 0; b < bins; b++) {
    const group = order.slice(Math.floor((b * n) / bins), Math.floor(((b + 1) * n) / bins));
    if (group.length === 0) continue;
    let confidenceSum = 0;
    let hits = 0;
    for (const i of group) {
      confidenceSum += confidences[i] ?? 0;
      if (correct[i]) hits++;
    }
    out.push({
      lower: confidences[group[0] ?? 0] ?? 0,
      upper: confidences[group[group.length - 1] ?? 0] ?? 0,
      count: group.length,
      correct: hits,
      meanConfidence: confidenceSum / group.length,
      accuracy: hits / group.length,
    });
  }
  return out;
}
