import { appError, isQuotaError } from '../../src/shared/errors.ts';
import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import type { DatasetRecord } from '../../src/shared/db/schema.ts';
import { parseCatalogue, type ColumnMapping, type ImportProgress } from './parse-catalogue.ts';

export interface ImportInput {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
}

const MAX_STORED_PROBLEMS = 1000;

function newDatasetId(): string {
  return `ds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Parses a catalogue file and stores its good rows chunk by chunk. The dataset record is
 * written first with status 'importing', so an import cut short (quota, closed tab) is
 * visible and what was stored stays readable.
 * @throws QuotaExceeded (naming how many rows were kept), InvalidInput, EmptyDataset, AbortError
 */
export async function importCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  input: ImportInput,
  onProgress: (progress: ImportProgress) => void,
): Promise<DatasetRecord> {
  const dataset: DatasetRecord = {
    id: newDatasetId(),
    name: input.name,
    fileName: input.fileName,
    createdAt: Date.now(),
    status: 'importing',
    rowCount: 0,
    chunkCount: 0,
    classCounts: {},
    problems: [],
    skippedRows: 0,
  };
  await db.put('datasets', dataset);
  try {
    const result = await parseCatalogue(
      signal,
      { file: input.file, mapping: input.mapping, chunkRows: 1000 },
      onProgress,
      async (rows) => {
        for (const row of rows)
          dataset.classCounts[row.category] = (dataset.classCounts[row.category] ?? 0) + 1;
        dataset.rowCount += rows.length;
        const tx = db.transaction(['rowChunks', 'datasets'], 'readwrite');
        await Promise.all([
          tx
            .objectStore('rowChunks')
            .put({ datasetId: dataset.id, chunk: dataset.chunkCount, rows }),
          tx.objectStore('datasets').put({ ...dataset, chunkCount: dataset.chunkCount + 1 }),
          tx.done,
        ]);
        dataset.chunkCount += 1;
      },
    );
    dataset.problems = result.problems.slice(0, MAX_STORED_PROBLEMS);
    dataset.skippedRows = result.skippedRows;
    if (dataset.rowCount === 0)
      throw appError('EmptyDataset', 'No usable rows: every row lacked a title or a category.');
    dataset.status = 'ready';
    await db.put('datasets', dataset);
    return dataset;
  } catch (error) {
    if (isQuotaError(error)) {
      throw appError(
        'QuotaExceeded',
        `Browser storage is full after ${dataset.rowCount} rows. Those rows are kept; free space (delete old datasets or models) and import again.`,
      );
    }
    if (dataset.rowCount === 0) await db.delete('datasets', dataset.id);
    throw error;
  }
}
