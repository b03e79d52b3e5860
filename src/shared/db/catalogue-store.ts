import { appError } from '../errors.ts';
import type { CategoryMerge } from '../contracts/import.ts';
import type { ShelfwiseDb } from './open.ts';
import { modelWeightsKey, runWeightsKey } from './records/model.ts';
import type { DatasetRecord, StoredRow } from './records/catalogue.ts';

/** Every row of a dataset, in import order. */
export async function readDatasetRows(db: ShelfwiseDb, datasetId: string): Promise<StoredRow[]> {
  const chunks = await db.getAllFromIndex('rowChunks', 'byDataset', datasetId);
  chunks.sort((a, b) => a.chunk - b.chunk);
  return chunks.flatMap((chunk) => chunk.rows);
}

/** One stored chunk of rows and the dataset position of its first row. */
export interface RowChunk {
  first: number;
  rows: StoredRow[];
}

/** Chunks `firstChunk .. endChunk - 1` of a dataset; `firstRow` is the first one's position. */
export interface ChunkRange {
  firstChunk: number;
  endChunk: number;
  firstRow: number;
}

const WHOLE_DATASET: ChunkRange = {
  firstChunk: 0,
  endChunk: Number.POSITIVE_INFINITY,
  firstRow: 0,
};

/**
 * A dataset's rows chunk by chunk, in import order, a few chunks per read: a million-row
 * catalogue is never in memory at once. Each read is its own transaction, so the caller may
 * await other work between chunks. `range` limits it to some chunks (a share of classify-all).
 */
export async function* readRowChunks(
  db: ShelfwiseDb,
  datasetId: string,
  chunksPerRead = 8,
  range: ChunkRange = WHOLE_DATASET,
): AsyncGenerator<RowChunk> {
  let first = range.firstRow;
  for (let chunk = range.firstChunk; chunk < range.endChunk; chunk += chunksPerRead) {
    const wanted = Math.min(chunksPerRead, range.endChunk - chunk);
    const records = await db.getAll(
      'rowChunks',
      IDBKeyRange.bound([datasetId, chunk], [datasetId, chunk + wanted - 1]),
    );
    for (const record of records) {
      yield { first, rows: record.rows };
      first += record.rows.length;
    }
    // Chunks are numbered from 0 without gaps: a short read is the end.
    if (records.length < wanted) return;
  }
}

/**
 * Rows per chunk, read from the first chunk: every chunk but the last holds the same number,
 * so a row's chunk follows from its position.
 */
export async function readChunkSize(db: ShelfwiseDb, datasetId: string): Promise<number> {
  return (await db.get('rowChunks', [datasetId, 0]))?.rows.length ?? 0;
}

export async function readRowChunk(
  db: ShelfwiseDb,
  datasetId: string,
  chunk: number,
): Promise<StoredRow[]> {
  return (await db.get('rowChunks', [datasetId, chunk]))?.rows ?? [];
}

/** The row at a dataset position, or undefined past the end. */
export async function readRow(
  db: ShelfwiseDb,
  datasetId: string,
  position: number,
): Promise<StoredRow | undefined> {
  const chunkSize = await readChunkSize(db, datasetId);
  if (!chunkSize) return undefined;
  const chunk = Math.floor(position / chunkSize);
  return (await readRowChunk(db, datasetId, chunk))[position - chunk * chunkSize];
}

/**
 * Every row's category as imported, read chunk by chunk; rows of one category share one
 * string, so a million labels take a few megabytes instead of a million records.
 */
export async function readDatasetCategories(db: ShelfwiseDb, datasetId: string): Promise<string[]> {
  const shared = new Map<string, string>();
  const categories: string[] = [];
  for await (const chunk of readRowChunks(db, datasetId)) {
    for (const { category } of chunk.rows) {
      if (!shared.has(category)) shared.set(category, category);
      categories.push(shared.get(category) as string);
    }
  }
  return categories;
}

export async function listDatasets(db: ShelfwiseDb): Promise<DatasetRecord[]> {
  return (await db.getAllFromIndex('datasets', 'byCreated')).reverse();
}

/**
 * Removes a dataset with its rows, models (with their held-out predictions), unfinished runs
 * (and their weights), corrections, audit trail, catalogue predictions and learnt subword
 * vectors, in one transaction.
 */
export async function deleteDataset(db: ShelfwiseDb, datasetId: string): Promise<void> {
  const stores = [
    'datasets',
    'rowChunks',
    'models',
    'checkpoints',
    'weights',
    'corrections',
    'reviewLog',
    'cataloguePredictions',
    'crossChecks',
    'evaluations',
    'categoryMappings',
    'subwordEmbeddings',
  ] as const;
  const tx = db.transaction([...stores], 'readwrite');
  const chunkKeys = await tx.objectStore('rowChunks').index('byDataset').getAllKeys(datasetId);
  const modelKeys = await tx.objectStore('models').index('byDataset').getAllKeys(datasetId);
  const mappingKeys = await tx
    .objectStore('categoryMappings')
    .index('byDataset')
    .getAllKeys(datasetId);
  const runs = (await tx.objectStore('checkpoints').getAll()).filter(
    (run) => run.datasetId === datasetId,
  );
  const correctionKeys = await tx
    .objectStore('corrections')
    .index('byDataset')
    .getAllKeys(datasetId);
  const logKeys = await tx.objectStore('reviewLog').index('byDataset').getAllKeys(datasetId);
  const crossCheckKeys = await tx
    .objectStore('crossChecks')
    .index('byDataset')
    .getAllKeys(datasetId);
  const weightKeys = [
    ...modelKeys.map(modelWeightsKey),
    ...runs.map((run) => runWeightsKey(run.runId)),
  ];
  await Promise.all([
    tx.objectStore('datasets').delete(datasetId),
    ...chunkKeys.map((key) => tx.objectStore('rowChunks').delete(key)),
    ...modelKeys.map((key) => tx.objectStore('models').delete(key)),
    ...runs.map((run) => tx.objectStore('checkpoints').delete(run.runId)),
    ...weightKeys.map((key) => tx.objectStore('weights').delete(key)),
    ...modelKeys.map((key) => tx.objectStore('cataloguePredictions').delete(key)),
    ...crossCheckKeys.map((key) => tx.objectStore('crossChecks').delete(key)),
    ...correctionKeys.map((key) => tx.objectStore('corrections').delete(key)),
    ...logKeys.map((key) => tx.objectStore('reviewLog').delete(key)),
    ...modelKeys.map((key) => tx.objectStore('evaluations').delete(key)),
    ...mappingKeys.map((key) => tx.objectStore('categoryMappings').delete(key)),
    tx.objectStore('subwordEmbeddings').delete(datasetId),
    tx.done,
  ]);
}

/** Gives a dataset another name; its models keep the name they were trained under. */
export async function renameDataset(
  db: ShelfwiseDb,
  datasetId: string,
  name: string,
): Promise<DatasetRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw appError('InvalidInput', 'A dataset needs a name.');
  const tx = db.transaction('datasets', 'readwrite');
  const dataset = await tx.store.get(datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${datasetId} is no longer stored`);
  const renamed = { ...dataset, name: trimmed };
  await Promise.all([tx.store.put(renamed), tx.done]);
  return renamed;
}

/**
 * Folds categories into one, in every stored row, the category counts and the corrections, in
 * one transaction (all or nothing). Models trained before keep the names they were trained on.
 * @throws NotFound, InvalidInput (a merge naming no category of the dataset)
 */
export async function mergeCategories(
  db: ShelfwiseDb,
  datasetId: string,
  merges: readonly CategoryMerge[],
): Promise<DatasetRecord> {
  const into = new Map<string, string>();
  for (const merge of merges)
    for (const from of merge.from) if (from !== merge.into) into.set(from, merge.into);
  const tx = db.transaction(['datasets', 'rowChunks', 'corrections'], 'readwrite');
  const datasets = tx.objectStore('datasets');
  const dataset = await datasets.get(datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${datasetId} is no longer stored`);
  const missing = [...into.keys()].filter((label) => !(label in dataset.classCounts));
  if (missing.length > 0)
    throw appError(
      'InvalidInput',
      `"${dataset.name}" has no category ${missing.map((m) => `"${m}"`).join(', ')}`,
    );
  const classCounts: Record<string, number> = {};
  for (const [label, count] of Object.entries(dataset.classCounts)) {
    const target = into.get(label) ?? label;
    classCounts[target] = (classCounts[target] ?? 0) + count;
  }
  const chunks = tx.objectStore('rowChunks');
  const writes: Promise<unknown>[] = [];
  let cursor = await chunks.index('byDataset').openCursor(datasetId);
  while (cursor) {
    const chunk = cursor.value;
    if (chunk.rows.some((row) => into.has(row.category))) {
      const rows = chunk.rows.map((row) =>
        into.has(row.category) ? { ...row, category: into.get(row.category) as string } : row,
      );
      writes.push(cursor.update({ ...chunk, rows }));
    }
    cursor = await cursor.continue();
  }
  const corrections = tx.objectStore('corrections');
  let correction = await corrections.index('byDataset').openCursor(datasetId);
  while (correction) {
    const record = correction.value;
    const label = into.get(record.label) ?? record.label;
    const originalLabel = into.get(record.originalLabel) ?? record.originalLabel;
    if (label !== record.label || originalLabel !== record.originalLabel)
      writes.push(correction.update({ ...record, label, originalLabel }));
    correction = await correction.continue();
  }
  const merged = { ...dataset, classCounts };
  await Promise.all([...writes, datasets.put(merged), tx.done]);
  return merged;
}
