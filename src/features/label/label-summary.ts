import type { QueueSource } from '@shared/review/rank-queue.ts';

const TOP = 3;

export interface LabelSummary {
  products: number;
  /** At least as sure as the threshold: these get the model's label. */
  automatic: number;
  /** Less sure: marked for a look instead of guessed. */
  forReview: number;
  /** Labelled automatically with a category other than the shop's. */
  changed: number;
}

/** What labelling the catalogue at a threshold does, counted over every product. */
export function labelSummary(
  predictions: QueueSource,
  labels: readonly string[],
  currentLabels: readonly string[],
  threshold: number,
): LabelSummary {
  const summary: LabelSummary = { products: 0, automatic: 0, forReview: 0, changed: 0 };
  for (let position = 0; position < currentLabels.length; position++) {
    const classId = predictions.topClasses[position * TOP] ?? -1;
    if (classId < 0) continue;
    summary.products += 1;
    if ((predictions.topProbabilities[position * TOP] ?? 0) < threshold) {
      summary.forReview += 1;
      continue;
    }
    summary.automatic += 1;
    if (labels[classId] !== currentLabels[position]) summary.changed += 1;
  }
  return summary;
}
