import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { appDb } from '../../common/db.ts';

// One dataset's rows at a time: drill-downs of one model all read the same dataset, and a
// large catalogue should not stay in memory twice.
let cached: { datasetId: string; rows: Promise<StoredRow[]> } | null = null;

/** A dataset's rows in import order, read once for all the drill-downs that need them. */
export function datasetRows(datasetId: string): Promise<StoredRow[]> {
  if (cached?.datasetId !== datasetId) {
    const rows = appDb().then((db) => readDatasetRows(db, datasetId));
    cached = { datasetId, rows };
    // A failed read is not kept, so the next drill-down tries again.
    rows.catch(() => {
      if (cached?.rows === rows) cached = null;
    });
  }
  return cached.rows;
}
