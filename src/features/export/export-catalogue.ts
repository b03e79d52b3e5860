import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { readAutoLabelThreshold } from '@shared/db/evaluation-store.ts';
import { csvHeader, toCsv } from '@shared/csv-write.ts';
import {
  EXPORT_FILE,
  exportColumns,
  exportKindOf,
  exportLabel,
  exportLines,
  type BlankProduct,
  type ExportContext,
} from '@shared/exports/shop-export.ts';
import { appDb } from '../../common/db.ts';

/**
 * The catalogue in its shop's import format, one piece per stored chunk (header first), read
 * from IndexedDB as it is written. Products left blank are pushed to `blanks`.
 */
export async function* shopExportPieces(
  dataset: DatasetRecord,
  model: ModelRecord,
  predictions: CataloguePredictionsRecord | null,
  blanks: BlankProduct[],
): AsyncGenerator<string> {
  const db = await appDb();
  const [corrections, threshold, googleMapping] = await Promise.all([
    readCorrections(db, dataset.id),
    readAutoLabelThreshold(db, model.id),
    db.get('categoryMappings', [dataset.id, 'google']),
  ]);
  const mapping = dataset.source?.mapping ?? {};
  const context: ExportContext = {
    kind: exportKindOf(dataset),
    columns: { id: mapping.id, title: mapping.title, category: mapping.category },
    googleIds: new Map(
      (googleMapping?.entries ?? []).flatMap((entry) =>
        entry.nodeId === null ? [] : [[entry.shopCategory, entry.nodeId] as const],
      ),
    ),
  };
  const columns = exportColumns(context);
  const { delimiter } = EXPORT_FILE[context.kind];
  yield csvHeader(columns, delimiter);
  for await (const chunk of readRowChunks(db, dataset.id)) {
    const lines = chunk.rows.flatMap((row, r) => {
      const position = chunk.first + r;
      const classId = predictions?.topClasses[position * 3] ?? -1;
      const prediction =
        classId >= 0
          ? {
              label: model.labels[classId] ?? '',
              probability: predictions?.topProbabilities[position * 3] ?? 0,
            }
          : undefined;
      const chosen = exportLabel(row, corrections.get(position)?.label, prediction, threshold);
      if (!chosen.label) blanks.push({ id: row.id, title: row.title, line: row.line });
      return exportLines(row, chosen, context);
    });
    if (lines.length) yield `\r\n${toCsv(lines, { columns, delimiter, header: false })}`;
  }
}
