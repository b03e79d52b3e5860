import type { ReviewAction, ReviewLogRecord } from '../db/records/review.ts';

export type ReviewMode = 'disagreements' | 'uncertain';

export interface ReviewItem {
  position: number;
  /** The model's top category (class id) and its calibrated probability. */
  suggested: number;
  confidence: number;
  /** Top-1 minus top-2 probability: small means the model hesitates between two. */
  margin: number;
}

export interface QueueSource {
  /** Row-major [rows, 3] class ids (-1 where there are fewer classes) and probabilities. */
  topClasses: Int32Array;
  topProbabilities: Float32Array;
}

const TOP = 3;

/**
 * The review queue. 'disagreements': rows whose label differs from the model's confident
 * choice, most confident first: likely label errors. 'uncertain': every row by margin,
 * smallest first: where the model needs the owner. Decided rows are left out.
 */
export function rankReviewQueue(
  source: QueueSource,
  labels: readonly string[],
  currentLabels: readonly string[],
  mode: ReviewMode,
  excluded: ReadonlySet<number>,
): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (let position = 0; position < currentLabels.length; position++) {
    if (excluded.has(position)) continue;
    const suggested = source.topClasses[position * TOP] as number;
    if (suggested < 0) continue;
    const confidence = source.topProbabilities[position * TOP] as number;
    const second =
      (source.topClasses[position * TOP + 1] as number) >= 0
        ? (source.topProbabilities[position * TOP + 1] as number)
        : 0;
    if (mode === 'disagreements' && labels[suggested] === currentLabels[position]) continue;
    items.push({ position, suggested, confidence, margin: confidence - second });
  }
  if (mode === 'disagreements') {
    items.sort((a, b) => b.confidence - a.confidence || a.position - b.position);
  } else {
    items.sort((a, b) => a.margin - b.margin || a.position - b.position);
  }
  return items;
}

const DECIDING: ReadonlySet<ReviewAction> = new Set(['accept', 'relabel', 'keep']);

/** Rows whose latest decision stands (an undo or a skip puts a row back in the queue). */
export function decidedPositions(log: readonly ReviewLogRecord[]): Set<number> {
  const latest = new Map<number, ReviewAction>();
  for (const entry of log) latest.set(entry.position, entry.action);
  return new Set([...latest].filter(([, action]) => DECIDING.has(action)).map(([p]) => p));
}
