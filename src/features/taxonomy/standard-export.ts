import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import type { StandardTaxonomy } from '@shared/taxonomy/standard-taxonomy.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { toCsv } from '../../common/csv-download.ts';
import { appDb } from '../../common/db.ts';
import { fileSlug } from '../../common/file-download.ts';
import { exportRows, type ExportPrediction } from './category-mappings.ts';

const CLASSIFY_CHUNK = 500;

/**
 * The catalogue with standard category ids, as CSV: each product's category (the model's,
 * when one is loaded) mapped through the owner's confirmed mappings only.
 */
export async function standardExportCsv(
  dataset: DatasetRecord,
  mapping: CategoryMappingRecord,
  taxonomy: StandardTaxonomy,
  classifier: WorkerHandle<ClassifyApi> | null,
  onProgress: (done: number, total: number) => void,
): Promise<{ csv: string; fileName: string; rows: number }> {
  const rows = await readDatasetRows(await appDb(), dataset.id);
  let predictions: (ExportPrediction | undefined)[] | null = null;
  if (classifier) {
    predictions = [];
    for (let start = 0; start < rows.length; start += CLASSIFY_CHUNK) {
      onProgress(start, rows.length);
      const ranked = await classifier.api.classify(
        rows
          .slice(start, start + CLASSIFY_CHUNK)
          .map(({ title, description }) => ({ title, description })),
        1,
      );
      predictions.push(...ranked.map((top) => top[0]));
    }
  }
  onProgress(rows.length, rows.length);
  return {
    csv: `${toCsv(exportRows(rows, mapping, taxonomy, predictions))}\n`,
    fileName: `${fileSlug(dataset.name)}-${taxonomy.info.id}.csv`,
    rows: rows.length,
  };
}
