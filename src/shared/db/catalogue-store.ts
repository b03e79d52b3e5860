import type { ShelfwiseDb } from './open.ts';
import type { DatasetRecord, StoredRow } from './schema.ts';

/** Every row of a dataset, in import order. */
export async function readDatasetRows(db: ShelfwiseDb, datasetId: string): Promise<StoredRow[]> {
  const chunks = await db.getAllFromIndex('rowChunks', 'byDataset', datasetId);
  chunks.sort((a, b) => a.chunk - b.chunk);
  return chunks.flatMap((chunk) => chunk.rows);
}

export async function listDatasets(db: ShelfwiseDb): Promise<DatasetRecord[]> {
  return (await db.getAllFromIndex('datasets', 'byCreated')).reverse();
}

/** Removes a dataset with its rows, models and unfinished runs in one transaction. */
export async function deleteDataset(db: ShelfwiseDb, datasetId: string): Promise<void> {
  const tx = db.transaction(['datasets', 'rowChunks', 'models', 'checkpoints'], 'readwrite');
  const chunkKeys = await tx.objectStore('rowChunks').index('byDataset').getAllKeys(datasetId);
  const modelKeys = await tx.objectStore('models').index('byDataset').getAllKeys(datasetId);
  const runs = await tx.objectStore('checkpoints').getAll();
  await Promise.all([
    tx.objectStore('datasets').delete(datasetId),
    ...chunkKeys.map((key) => tx.objectStore('rowChunks').delete(key)),
    ...modelKeys.map((key) => tx.objectStore('models').delete(key)),
    ...runs
      .filter((run) => run.datasetId === datasetId)
      .map((run) => tx.objectStore('checkpoints').delete(run.runId)),
    tx.done,
  ]);
}
