import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { readAutoLabelThreshold } from '@shared/db/evaluation-store.ts';
import { predictionExportRows } from '@shared/review/export-rows.ts';
import { appDb } from '../../common/db.ts';
import { toCsv } from '../../common/csv-download.ts';

/**
 * The predictions export as CSV text, one piece per stored chunk of rows (header first):
 * rows are read from IndexedDB as they are written, so the catalogue is never in memory whole.
 * `onRows` hears how many rows are written so far.
 */
export async function* predictionCsvPieces(
  model: ModelRecord,
  predictions: CataloguePredictionsRecord,
  onRows?: (rows: number) => void,
): AsyncGenerator<string> {
  const db = await appDb();
  const [corrections, threshold] = await Promise.all([
    readCorrections(db, model.datasetId),
    readAutoLabelThreshold(db, model.id),
  ]);
  let header = true;
  let written = 0;
  for await (const chunk of readRowChunks(db, model.datasetId)) {
    const labels = chunk.rows.map(
      (row, r) => corrections.get(chunk.first + r)?.label ?? row.category,
    );
    const lines = predictionExportRows(
      chunk.rows,
      labels,
      predictions,
      model.labels,
      threshold,
      chunk.first,
    );
    if (lines.length === 0) continue;
    // Line breaks go between pieces, none after the last line, as Papa.unparse writes a file.
    yield `${header ? '' : '\r\n'}${toCsv(lines, header)}`;
    header = false;
    written += lines.length;
    onRows?.(written);
  }
}
