import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readActivations } from '@shared/db/activation-store.ts';
import { activationsInMemory, type ActivationSet } from './fine-tune.ts';

/**
 * Training reads the cached activations into memory up to this many bytes (float16: 5.5 KB a
 * view of MobileNet v2 at 224 px, so about 45,000 views); a larger set is read from IndexedDB a
 * batch at a time instead, so memory stays bounded for any number of photos.
 */
export const RESIDENT_ACTIVATION_BYTES = 256 * 1024 * 1024;

/** One row per cached view: its activation key and its class. */
export interface ActivationRow {
  key: string;
  label: number;
}

async function readAll(db: ShelfwiseDb, keys: readonly string[]): Promise<Uint16Array[]> {
  const found = await readActivations(db, keys);
  return found.map((data, i) => {
    if (!data)
      throw appError(
        'NotFound',
        `The cached activations ${keys[i]} are gone: embed the photos again`,
      );
    return data;
  });
}

/**
 * The rows as an activation set, in memory when `rows × rowValues × 2` bytes fit within
 * `residentBytes`, read from IndexedDB per batch otherwise.
 */
export async function activationRows(
  db: ShelfwiseDb,
  rows: readonly ActivationRow[],
  shape: readonly [number, number, number],
  viewsPerProduct: number,
  residentBytes = RESIDENT_ACTIVATION_BYTES,
): Promise<ActivationSet> {
  const width = shape[0] * shape[1] * shape[2];
  const labels = Int32Array.from(rows, (row) => row.label);
  const keys = rows.map((row) => row.key);
  if (rows.length * width * 2 <= residentBytes) {
    const all = new Uint16Array(rows.length * width);
    const CHUNK = 512;
    for (let start = 0; start < keys.length; start += CHUNK) {
      const part = await readAll(db, keys.slice(start, start + CHUNK));
      part.forEach((data, i) => all.set(data, (start + i) * width));
    }
    return activationsInMemory(all, labels, shape, viewsPerProduct);
  }
  return {
    labels,
    shape,
    viewsPerProduct,
    read: async (ids) => {
      const out = new Uint16Array(ids.length * width);
      (
        await readAll(
          db,
          ids.map((id) => keys[id] as string),
        )
      ).forEach((data, r) => out.set(data, r * width));
      return out;
    },
  };
}

/**
 * The [side, side, channels] shape of cached square maps, read off one of them (7 x 7 for
 * MobileNet v2 at 224 px, 5 x 5 at 160).
 * @throws NotFound when the record is gone; InvalidInput when its size is not a square map
 */
export async function cachedMapShape(
  db: ShelfwiseDb,
  key: string,
  channels: number,
): Promise<[number, number, number]> {
  const [data] = await readAll(db, [key]);
  const positions = (data as Uint16Array).length / channels;
  const side = Math.round(Math.sqrt(positions));
  if (side * side !== positions)
    throw appError(
      'InvalidInput',
      `The cached activations ${key} are not a square map of ${channels} channels`,
    );
  return [side, side, channels];
}
