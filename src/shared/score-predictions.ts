import { computeMetrics, type ClassificationMetrics } from './metrics.ts';

/**
 * Metrics for predicted labels against true labels given as strings. Categories that only
 * occur in the test rows count as classes the model can never get right, as they should.
 */
export function scorePredictions(
  truth: readonly string[],
  predicted: readonly string[],
): ClassificationMetrics {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const id = new Map(labels.map((label, i) => [label, i]));
  return computeMetrics(
    truth.map((label) => id.get(label) as number),
    predicted.map((label) => id.get(label) as number),
    labels,
  );
}
