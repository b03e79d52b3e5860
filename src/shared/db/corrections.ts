import type { ShelfwiseDb } from './open.ts';
import type { CorrectionRecord, ReviewAction, ReviewLogRecord } from './records/review.ts';
import type { StoredRow } from './records/catalogue.ts';
import { readDatasetRows } from './catalogue-store.ts';

/** The shop's corrections of a dataset, by row position. */
export async function readCorrections(
  db: ShelfwiseDb,
  datasetId: string,
): Promise<Map<number, CorrectionRecord>> {
  const list = await db.getAllFromIndex('corrections', 'byDataset', datasetId);
  return new Map(list.map((correction) => [correction.position, correction]));
}

/** Rows with the shop's corrections applied: what training and review see as the labels. */
export function applyCorrections(
  rows: readonly StoredRow[],
  corrections: ReadonlyMap<number, CorrectionRecord>,
): StoredRow[] {
  return rows.map((row, position) => {
    const correction = corrections.get(position);
    return correction ? { ...row, category: correction.label } : row;
  });
}

export async function readLabelledRows(db: ShelfwiseDb, datasetId: string): Promise<StoredRow[]> {
  const [rows, corrections] = await Promise.all([
    readDatasetRows(db, datasetId),
    readCorrections(db, datasetId),
  ]);
  return applyCorrections(rows, corrections);
}

export interface ReviewDecision {
  datasetId: string;
  position: number;
  row: Pick<StoredRow, 'id' | 'category'>;
  action: ReviewAction;
  /** The label the row has after the decision (for keep and skip, its current one). */
  label: string;
  reviewer: string;
  modelId: string;
}

/**
 * Stores a decision at once, with its line in the audit trail, in one transaction: a closed
 * tab never loses an answered item. `row.category` is the label as imported. Returns the
 * log line, whose `before` an undo restores.
 */
export async function recordDecision(
  db: ShelfwiseDb,
  decision: ReviewDecision,
  at = Date.now(),
): Promise<ReviewLogRecord> {
  const { datasetId, position, row, label, reviewer, modelId, action } = decision;
  const tx = db.transaction(['corrections', 'reviewLog'], 'readwrite');
  const corrections = tx.objectStore('corrections');
  const existing = await corrections.get([datasetId, position]);
  const before = existing?.label ?? row.category;
  const entry: ReviewLogRecord = {
    datasetId,
    position,
    rowId: row.id,
    action,
    before,
    after: label,
    reviewer,
    at,
    modelId,
  };
  const writes: Promise<unknown>[] = [tx.objectStore('reviewLog').add(entry)];
  if (label === row.category) {
    if (existing) writes.push(corrections.delete([datasetId, position]));
  } else if (label !== before) {
    const correction: CorrectionRecord = {
      datasetId,
      position,
      rowId: row.id,
      originalLabel: row.category,
      label,
      decidedAt: at,
      reviewer,
      modelId,
    };
    writes.push(corrections.put(correction));
  }
  const [seq] = await Promise.all([...writes, tx.done]);
  return { ...entry, seq: seq as number };
}

/** The audit trail of a dataset, oldest first. */
export async function readReviewLog(
  db: ShelfwiseDb,
  datasetId: string,
): Promise<ReviewLogRecord[]> {
  const log = await db.getAllFromIndex('reviewLog', 'byDataset', datasetId);
  return log.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}
