import type { ShelfwiseDb } from './open.ts';
import type { ImportedBackboneRecord } from './records/image.ts';

/** An imported backbone as lists show it: everything but its weights. */
export type BackboneSummary = Omit<ImportedBackboneRecord, 'artifacts'>;

export function summarise(record: ImportedBackboneRecord): BackboneSummary {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { artifacts, ...summary } = record;
  return summary;
}

/** Imported backbones, oldest first. */
export async function listBackbones(db: ShelfwiseDb): Promise<BackboneSummary[]> {
  const summaries: BackboneSummary[] = [];
  // A cursor drops each network's weights as it goes instead of holding them all at once.
  let cursor = await db.transaction('backbones').store.openCursor();
  while (cursor) {
    summaries.push(summarise(cursor.value));
    cursor = await cursor.continue();
  }
  return summaries.sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Removes an imported backbone and the embeddings it made (their keys start with its id).
 * Photo models trained on it stay listed; loading one then says the backbone is gone.
 */
export async function deleteBackbone(db: ShelfwiseDb, id: string): Promise<void> {
  const tx = db.transaction(['backbones', 'embeddings'], 'readwrite');
  await Promise.all([
    tx.objectStore('backbones').delete(id),
    tx.objectStore('embeddings').delete(IDBKeyRange.bound(`${id}/`, `${id}/\uffff`)),
    tx.done,
  ]);
}
