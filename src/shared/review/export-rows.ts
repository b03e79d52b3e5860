import type { ReviewLogRecord } from '../db/records/review.ts';
import type { StoredRow } from '../db/records/catalogue.ts';
import type { QueueSource } from './rank-queue.ts';

const TOP = 3;

/**
 * One line per product: the model's choice, its confidence, the top 3, whether it abstained
 * (confidence under the threshold: the product goes to review instead of being labelled),
 * and the shop's labels as imported and as corrected.
 */
export function predictionExportRows(
  rows: readonly StoredRow[],
  currentLabels: readonly string[],
  source: QueueSource,
  labels: readonly string[],
  threshold: number,
  /** Dataset position of `rows[0]` (and `currentLabels[0]`), for an export chunk by chunk. */
  first = 0,
): Record<string, string | number>[] {
  return rows.map((row, position) => {
    const at = (first + position) * TOP;
    const top = [0, 1, 2]
      .map((k) => ({
        classId: source.topClasses[at + k] as number,
        probability: source.topProbabilities[at + k] as number,
      }))
      .filter(({ classId }) => classId >= 0);
    const best = top[0];
    const confidence = best?.probability ?? 0;
    return {
      id: row.id,
      title: row.title,
      predicted: best ? (labels[best.classId] ?? '') : '',
      confidence: Number(confidence.toFixed(4)),
      top3: top.map((t) => `${labels[t.classId]} (${t.probability.toFixed(3)})`).join(' | '),
      abstained: confidence < threshold ? 'yes' : 'no',
      original_label: row.category,
      current_label: currentLabels[position] ?? row.category,
    };
  });
}

/** The audit trail as lines: who decided what, when, and the label before and after. */
export function decisionExportRows(
  log: readonly ReviewLogRecord[],
): Record<string, string | number>[] {
  return log.map((entry) => ({
    seq: entry.seq ?? '',
    at: new Date(entry.at).toISOString(),
    reviewer: entry.reviewer,
    id: entry.rowId,
    row: entry.position,
    action: entry.action,
    before: entry.before,
    after: entry.after,
    model: entry.modelId,
  }));
}
