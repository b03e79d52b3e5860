import { rethrowQuota } from '../errors.ts';
import type { ShelfwiseDb } from './open.ts';
import type { ActivationRecord } from './records/image.ts';
import { isAliasKey } from '../photo-views.ts';

/** Cached activations (float16 bits) for these keys, undefined where none is stored yet. */
export async function readActivations(
  db: ShelfwiseDb,
  keys: readonly string[],
): Promise<(Uint16Array | undefined)[]> {
  const tx = db.transaction('activations', 'readonly');
  const found = await Promise.all(keys.map((key) => tx.store.get(key)));
  await tx.done;
  return found.map((record) => record?.data);
}

export async function writeActivations(
  db: ShelfwiseDb,
  entries: readonly ActivationRecord[],
): Promise<void> {
  const tx = db.transaction('activations', 'readwrite');
  await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]).catch(
    rethrowQuota(
      'Browser storage is full: the activations of new photos could not be cached. Those cached before are kept.',
    ),
  );
}

/** Keys of the cached activations of every photo and view at one backbone's cut. */
export function activationKeysOf(db: ShelfwiseDb, prefix: string): Promise<string[]> {
  return db.getAllKeys('activations', IDBKeyRange.bound(prefix, `${prefix}\uffff`));
}

/** Removes every cached activation whose key starts with `prefix` (a backbone's, or all). */
export async function deleteActivations(db: ShelfwiseDb, prefix = ''): Promise<void> {
  const tx = db.transaction('activations', 'readwrite');
  await Promise.all([
    prefix ? tx.store.delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`)) : tx.store.clear(),
    tx.done,
  ]);
}

/**
 * How many views are cached under a prefix and the bytes they take (all views are one size;
 * the aliases of square photos' whole-photo views take none).
 */
export async function activationCacheSize(
  db: ShelfwiseDb,
  prefix: string,
): Promise<{ views: number; bytes: number }> {
  const keys = (await activationKeysOf(db, prefix)).filter((key) => !isAliasKey(key));
  const first = keys[0] === undefined ? undefined : await db.get('activations', keys[0]);
  return { views: keys.length, bytes: keys.length * (first?.data.byteLength ?? 0) };
}
