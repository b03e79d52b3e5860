import { newId } from '@shared/ids.ts';
import { appError, isQuotaError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { ColumnMapping, ImportProgress, ReadOptions } from '@shared/contracts/import.ts';
import { isLabelled } from '@shared/labels.ts';
import { sha256Hex } from '../lifecycle/sha256.ts';
import { parseCatalogue, type ParsedCatalogue, type TaxonomyLoader } from './parse-catalogue.ts';

export interface ImportInput {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
  options?: ReadOptions;
  loadTaxonomy?: TaxonomyLoader;
}

/** Bytes hashed to tell a file from another of the same name and size. */
const HEAD_HASH_BYTES = 64 * 1024;

export async function headSha256(file: Blob): Promise<string> {
  return sha256Hex(new Uint8Array(await file.slice(0, HEAD_HASH_BYTES).arrayBuffer()));
}

function lastModifiedOf(file: Blob): number {
  return file instanceof File ? file.lastModified : 0;
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
    unlabelledCount: 0,
    source: {
      size: input.file.size,
      lastModified: lastModifiedOf(input.file),
      mapping: input.mapping,
      options: input.options ?? {},
      headSha256: await headSha256(input.file),
    },
  };
  await db.put('datasets', dataset);
  return storeRows(db, signal, dataset, input.file, onProgress, input.loadTaxonomy);
}

export interface ResumeInput {
  datasetId: string;
  file: Blob;
  fileName: string;
  loadTaxonomy?: TaxonomyLoader;
}

/** Why `file` is not the file the stopped import was reading, or null when it is. */
async function differentFile(dataset: DatasetRecord, input: ResumeInput): Promise<string | null> {
  const source = dataset.source;
  if (!source) return null;
  const bytes = (size: number) => `${size.toLocaleString('en')} bytes`;
  if (input.fileName !== dataset.fileName || input.file.size !== source.size)
    return `"${input.fileName}" (${bytes(input.file.size)}) is not the file this import was reading: "${dataset.fileName}" (${bytes(source.size)})`;
  const modified = lastModifiedOf(input.file);
  if (source.lastModified && modified && modified !== source.lastModified)
    return `"${input.fileName}" was changed since the import started (last modified ${new Date(modified).toISOString()}, not ${new Date(source.lastModified).toISOString()})`;
  if (source.headSha256 && (await headSha256(input.file)) !== source.headSha256)
    return `"${input.fileName}" has the same name and size but different content from the file this import was reading`;
  return null;
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
  const different = await differentFile(dataset, input);
  if (different) throw appError('InvalidInput', `${different}. Choose that file to continue`);
  return storeRows(db, signal, dataset, input.file, onProgress, input.loadTaxonomy);
}

/** The categories read against a standard taxonomy, as a confirmed mapping to it. */
function taxonomyMapping(
  dataset: DatasetRecord,
  result: ParsedCatalogue,
): CategoryMappingRecord | null {
  if (!result.labelTaxonomy || result.taxonomyNodes.size === 0) return null;
  return {
    datasetId: dataset.id,
    taxonomyId: result.labelTaxonomy.id,
    taxonomyVersion: result.labelTaxonomy.version,
    updatedAt: Date.now(),
    // Found in the taxonomy: confirmed, the file says so. Not found: left for the owner to map.
    entries: [...result.taxonomyNodes].map(([shopCategory, nodeId]) => ({
      shopCategory,
      nodeId,
      score: nodeId === null ? null : 1,
      source: nodeId === null ? ('suggested' as const) : ('confirmed' as const),
    })),
  };
}

/** Parses `file` and appends its good rows after the `dataset.rowCount` already stored. */
async function storeRows(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  dataset: DatasetRecord,
  file: Blob,
  onProgress: (progress: ImportProgress) => void,
  loadTaxonomy?: TaxonomyLoader,
): Promise<DatasetRecord> {
  const mapping = dataset.source?.mapping ?? {};
  const options = dataset.source?.options ?? {};
  let alreadyStored = dataset.rowCount;
  try {
    const result = await parseCatalogue(
      signal,
      { file, mapping, options, loadTaxonomy, chunkRows: 1000 },
      onProgress,
      async (parsed) => {
        const rows = alreadyStored > 0 ? parsed.slice(alreadyStored) : parsed;
        alreadyStored = Math.max(0, alreadyStored - parsed.length);
        if (rows.length === 0) return;
        const classCounts = { ...dataset.classCounts };
        let unlabelled = dataset.unlabelledCount ?? 0;
        for (const row of rows) {
          if (isLabelled(row.category))
            classCounts[row.category] = (classCounts[row.category] ?? 0) + 1;
          else unlabelled++;
        }
        // The counts change only once the chunk is stored, so a failed write reports what was kept.
        const stored: DatasetRecord = {
          ...dataset,
          classCounts,
          unlabelledCount: unlabelled,
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
    dataset.sourceRows = result.sourceRows;
    dataset.format = result.format;
    if (dataset.source) dataset.source.options = result.options;
    if (result.labelTaxonomy) dataset.labelTaxonomy = result.labelTaxonomy.id;
    if (dataset.rowCount === 0)
      throw appError('EmptyDataset', 'No usable rows: every row lacked a title.');
    dataset.status = 'ready';
    const mappingRecord = taxonomyMapping(dataset, result);
    const tx = db.transaction(['datasets', 'categoryMappings'], 'readwrite');
    await Promise.all([
      tx.objectStore('datasets').put(dataset),
      ...(mappingRecord ? [tx.objectStore('categoryMappings').put(mappingRecord)] : []),
      tx.done,
    ]);
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
