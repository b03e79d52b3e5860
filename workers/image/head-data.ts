import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import { embeddingKey, type StoredRow } from '../../src/shared/db/schema.ts';
import { photoHashes, readEmbeddings, viewKeys } from '../../src/shared/db/photo-store.ts';
import { productText } from '../text/product-text.ts';
import { l2NormaliseRows } from './preprocess.ts';

/**
 * What a row offers a head: its cached, L2-normalised image views (view 0 first, then the
 * augmented ones, then the mirror image), the embedding it is classified by (view 0, or the
 * mean of view 0 and its mirror with flips) and its text.
 */
export interface RowInputs {
  images: Float32Array[];
  /** Null without an embedded photo. */
  classified: Float32Array | null;
  text: string;
}

/** The mean of L2-normalised views: the flip test-time augmentation of an embedding. */
export function meanOfViews(views: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(views[0]?.length ?? 0);
  for (const view of views)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (view[i] ?? 0) / views.length;
  return out;
}

/**
 * Reads the cached embeddings of the given rows: view 0 for every row with a photo, up to
 * `extraViews` augmented views for rows in `augmentRows`, and the mirror view when `mirror`.
 * Rows whose photo was not embedded get no images (the caller decides whether the text alone
 * will do).
 */
export async function readRowInputs(
  db: ShelfwiseDb,
  datasetId: string,
  rows: readonly StoredRow[],
  backbone: string,
  dimensions: number,
  extraViews: number,
  augmentRows: ReadonlySet<number>,
  mirror = false,
): Promise<RowInputs[]> {
  const hashes = await photoHashes(db, datasetId);
  const out: RowInputs[] = [];
  const CHUNK = 256;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const slice = rows.slice(start, start + CHUNK);
    const keys = slice.map((row, i) => {
      const hash = row.image ? hashes.get(row.image) : undefined;
      if (!hash) return [];
      const views = viewKeys(backbone, hash, augmentRows.has(start + i) ? 1 + extraViews : 1);
      return mirror ? [...views, embeddingKey(backbone, hash, 'mirror')] : views;
    });
    const found = await readEmbeddings(db, keys.flat());
    let at = 0;
    slice.forEach((row, i) => {
      const views = found.slice(at, at + (keys[i]?.length ?? 0));
      at += keys[i]?.length ?? 0;
      const normalise = (v: Float32Array) => l2NormaliseRows(Float32Array.from(v), dimensions);
      const centre = views[0];
      const mirrored = mirror ? views.at(-1) : undefined;
      const images =
        centre === undefined
          ? []
          : views.filter((v): v is Float32Array => v !== undefined).map(normalise);
      const classified =
        centre === undefined
          ? null
          : mirrored
            ? meanOfViews([normalise(centre), normalise(mirrored)])
            : normalise(centre);
      out.push({ images, classified, text: row.title || row.description ? productText(row) : '' });
    });
  }
  return out;
}
