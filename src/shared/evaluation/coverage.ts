export interface CoveragePoint {
  threshold: number;
  /** Rows whose confidence is at least the threshold: they get a label automatically. */
  covered: number;
  /** covered / all rows. */
  coverage: number;
  /** Share of the covered rows that are right; NaN when none is covered. */
  accuracy: number;
}

/**
 * What a confidence threshold does on held-out rows: how many would be labelled
 * automatically (confidence ≥ threshold) and how often those labels are right.
 */
export function coverageAt(
  confidences: ArrayLike<number>,
  correct: ArrayLike<number>,
  threshold: number,
): CoveragePoint {
  if (confidences.length !== correct.length)
    throw new RangeError(`${confidences.length} confidences but ${correct.length} outcomes`);
  let covered = 0;
  let right = 0;
  for (let i = 0; i < confidences.length; i++) {
    if ((confidences[i] ?? 0) < threshold) continue;
    covered++;
    if (correct[i]) right++;
  }
  return {
    threshold,
    covered,
    coverage: confidences.length === 0 ? 0 : covered / confidences.length,
    accuracy: covered === 0 ? Number.NaN : right / covered,
  };
}

/** coverageAt for `steps` + 1 evenly spaced thresholds from 0 to 1, for a curve. */
export function coverageCurve(
  confidences: ArrayLike<number>,
  correct: ArrayLike<number>,
  steps = 100,
): CoveragePoint[] {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`steps must be a positive integer, got ${steps}`);
  // Rounded so thresholds read 0.37, not 0.37000000000000005.
  return Array.from({ length: steps + 1 }, (_, i) =>
    coverageAt(confidences, correct, Math.round((i / steps) * 1e6) / 1e6),
  );
}
