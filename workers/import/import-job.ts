import { newId } from '@shared/ids.ts';
import { appError, isQuotaError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ColumnMapping, ImportProgress } from '@shared/contracts/import.ts';
import { parseCatalogue } from './parse-catalogue.ts';

export interface ImportInput {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
}

const MAX_STORED_PROBLEMS = 1000;

/**
 * Parses a catalogue file and stores its good rows chunk by chunk. The dataset record is
 * written first with status 'importing' and what it reads, so an import cut short (quota,
 * closed tab) is visible, what was stored stays readable, and `resumeImport` can finish it.
 * @throws QuotaExceeded (naming how many rows were kept), InvalidInput, EmptyDataset, AbortError
 */
export async function importCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  input: ImportInput,
  onProgress: (progress: ImportProgress) => void,
): Promise<DatasetRecord> {
  const dataset: DatasetRecord = {
    id: newId('ds'),
    name: input.name,
    fileName: input.fileName,
    createdAt: Date.now(),
    status: 'importing',
    rowCount: 0,
    chunkCount: 0,
    classCounts: {},
    problems: [],
    skippedRows: 0,
    source: {
      size: input.file.size,
      lastModified: input.file instanceof File ? input.file.lastModified : 0,
      mapping: input.mapping,
    },
  };
  await db.put('datasets', dataset);
  return storeRows(db, signal, dataset, input.file, onProgress);
}

export interface ResumeInput {
  datasetId: string;
  file: Blob;
  fileName: string;
}

/**
 * Continues an import that stopped part-way: the same file is parsed again with the same
 * columns, the rows already stored are skipped by count, and the rest are appended.
 * @throws NotFound, InvalidInput (not the same file, or nothing to continue), QuotaExceeded, AbortError
 */
export async function resumeImport(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  input: ResumeInput,
  onProgress: (progress: ImportProgress) => void,
): Promise<DatasetRecord> {
  const dataset = await db.get('datasets', input.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${input.datasetId} is no longer stored`);
  if (dataset.status !== 'importing')
    throw appError('InvalidInput', `"${dataset.name}" is already completely imported`);
  if (!dataset.source)
    throw appError(
      'InvalidInput',
      `"${dataset.name}" was imported by an older version that cannot continue it: import the file again`,
    );
  if (input.fileName !== dataset.fileName || input.file.size !== dataset.source.size)
    throw appError(
      'InvalidInput',
      `"${input.fileName}" (${input.file.size.toLocaleString('en')} bytes) is not the file this import was reading: ` +
        `"${dataset.fileName}" (${dataset.source.size.toLocaleString('en')} bytes). Choose that file to continue`,
    );
  return storeRows(db, signal, dataset, input.file, onProgress);
}

/** Parses `file` and appends its good rows after the `dataset.rowCount` already stored. */
async function storeRows(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  dataset: DatasetRecord,
  file: Blob,
  onProgress: (progress: ImportProgress) => void,
): Promise<DatasetRecord> {
  const mapping = dataset.source?.mapping ?? {};
  let alreadyStored = dataset.rowCount;
  try {
    const result = await parseCatalogue(
      signal,
      { file, mapping, chunkRows: 1000 },
      onProgress,
      async (parsed) => {
        const rows = alreadyStored > 0 ? parsed.slice(alreadyStored) : parsed;
        alreadyStored = Math.max(0, alreadyStored - parsed.length);
        if (rows.length === 0) return;
        const classCounts = { ...dataset.classCounts };
        for (const row of rows) classCounts[row.category] = (classCounts[row.category] ?? 0) + 1;
        // The counts change only once the chunk is stored, so a failed write reports what was kept.
        const stored: DatasetRecord = {
          ...dataset,
          classCounts,
          rowCount: dataset.rowCount + rows.length,
          chunkCount: dataset.chunkCount + 1,
        };
        const tx = db.transaction(['rowChunks', 'datasets'], 'readwrite');
        await Promise.all([
          tx
            .objectStore('rowChunks')
            .put({ datasetId: dataset.id, chunk: dataset.chunkCount, rows }),
          tx.objectStore('datasets').put(stored),
          tx.done,
        ]);
        Object.assign(dataset, stored);
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
    if (dataset.rowCount === 0) await db.delete('datasets', dataset.id).catch(() => undefined);
    if (isQuotaError(error)) {
      throw appError(
        'QuotaExceeded',
        dataset.rowCount === 0
          ? `Browser storage is full: no row of "${dataset.fileName}" could be stored. Free space and import it again.`
          : `Browser storage is full after ${dataset.rowCount} rows. Those rows are kept; free space (delete old datasets or models) and choose the same file again to continue.`,
      );
    }
    throw error;
  }
}
