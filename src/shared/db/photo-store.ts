import { rethrowQuota } from '../errors.ts';
import type { ShelfwiseDb } from './open.ts';
import { embeddingKey, type PhotoRecord, type PhotoView } from './records/image.ts';
import { aliasKey, squareEquivalent, viewEmbeddingKey } from '../photo-views.ts';

/** SHA-256 of a photo's bytes in hex: identical photos share one embedding. */
export async function hashBytes(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function putPhotos(db: ShelfwiseDb, photos: readonly PhotoRecord[]): Promise<void> {
  const tx = db.transaction('photos', 'readwrite');
  await Promise.all([...photos.map((photo) => tx.store.put(photo)), tx.done]).catch(
    rethrowQuota(
      `Browser storage is full: ${photos.length} photos could not be stored. The photos stored before them are kept.`,
    ),
  );
}

/** The stored photo paths of a dataset (keys only: the bytes stay on disk). */
export async function photoPaths(db: ShelfwiseDb, datasetId: string): Promise<Set<string>> {
  const keys = await db.getAllKeysFromIndex('photos', 'byDataset', datasetId);
  return new Set(keys.map((key) => key[1]));
}

export function readPhoto(
  db: ShelfwiseDb,
  datasetId: string,
  path: string,
): Promise<PhotoRecord | undefined> {
  return db.get('photos', [datasetId, path]);
}

/** Cached embeddings for these keys, undefined where none is stored yet. */
export async function readEmbeddings(
  db: ShelfwiseDb,
  keys: readonly string[],
): Promise<(Float32Array | undefined)[]> {
  const tx = db.transaction('embeddings', 'readonly');
  const found = await Promise.all(keys.map((key) => tx.store.get(key)));
  await tx.done;
  return found.map((record) => record?.data);
}

export async function writeEmbeddings(
  db: ShelfwiseDb,
  entries: readonly { key: string; data: Float32Array }[],
): Promise<void> {
  const tx = db.transaction('embeddings', 'readwrite');
  await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]).catch(
    rethrowQuota(
      'Browser storage is full: new image embeddings could not be cached. Those cached before are kept.',
    ),
  );
}

/**
 * The cached embeddings of named views, per photo (by hash; undefined for a row without a
 * photo): a square photo's whole-photo views resolve to their centre counterparts.
 */
export async function readViewEmbeddings(
  db: ShelfwiseDb,
  backbone: string,
  hashes: readonly (string | undefined)[],
  views: readonly PhotoView[],
): Promise<(Float32Array | undefined)[][]> {
  const wanted = [...new Set(views.flatMap((view) => [view, squareEquivalent(view)]))];
  const keys = hashes.flatMap((hash) =>
    hash ? wanted.map((view) => viewEmbeddingKey(backbone, hash, view)) : [],
  );
  const found = await readEmbeddings(db, keys);
  const byKey = new Map(keys.map((key, i) => [key, found[i]]));
  const missing = keys.filter((key) => byKey.get(key) === undefined);
  const aliased = new Set(
    (await readEmbeddings(db, missing.map(aliasKey)))
      .map((data, i) => (data ? missing[i] : undefined))
      .filter((key): key is string => key !== undefined),
  );
  return hashes.map((hash) =>
    views.map((view) => {
      if (!hash) return undefined;
      const own = viewEmbeddingKey(backbone, hash, view);
      if (byKey.get(own)) return byKey.get(own);
      return aliased.has(own)
        ? byKey.get(viewEmbeddingKey(backbone, hash, squareEquivalent(view)))
        : undefined;
    }),
  );
}

export const viewKeys = (backbone: string, hash: string, views: number): string[] =>
  Array.from({ length: views }, (_, view) => embeddingKey(backbone, hash, view));

/**
 * Removes a dataset's photos, image models and unfinished fine-tuning runs; embeddings and
 * activations stay, keyed by content, for reuse.
 */
export async function deleteDatasetPhotos(db: ShelfwiseDb, datasetId: string): Promise<void> {
  const tx = db.transaction(['photos', 'imageModels', 'photoCheckpoints'], 'readwrite');
  const photoKeys = await tx.objectStore('photos').index('byDataset').getAllKeys(datasetId);
  const modelKeys = await tx.objectStore('imageModels').index('byDataset').getAllKeys(datasetId);
  const runKeys = await tx.objectStore('photoCheckpoints').index('byDataset').getAllKeys(datasetId);
  await Promise.all([
    ...photoKeys.map((key) => tx.objectStore('photos').delete(key)),
    ...modelKeys.map((key) => tx.objectStore('imageModels').delete(key)),
    ...runKeys.map((key) => tx.objectStore('photoCheckpoints').delete(key)),
    tx.done,
  ]);
}

/** Path → content hash of a dataset's photos, read with a cursor so the bytes are never all in memory. */
export async function photoHashes(
  db: ShelfwiseDb,
  datasetId: string,
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let cursor = await db.transaction('photos').store.index('byDataset').openCursor(datasetId);
  while (cursor) {
    hashes.set(cursor.value.path, cursor.value.hash);
    cursor = await cursor.continue();
  }
  return hashes;
}
