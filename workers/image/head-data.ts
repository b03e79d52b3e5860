import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { photoHashes, readEmbeddings, viewKeys } from '@shared/db/photo-store.ts';
import { productText } from '../text/product-text.ts';
import { l2NormaliseRows } from './preprocess.ts';

/** What a row offers a head: its cached, L2-normalised image views (view 0 first) and text. */
export interface RowInputs {
  images: Float32Array[];
  text: string;
}

/**
 * Reads the cached embeddings of the given rows: view 0 for every row with a photo, and up to
 * `extraViews` augmented views for rows in `augmentRows`. Rows whose photo was not embedded
 * get no images (the caller decides whether the text alone will do).
 */
export async function readRowInputs(
  db: ShelfwiseDb,
  datasetId: string,
  rows: readonly StoredRow[],
  backbone: string,
  dimensions: number,
  extraViews: number,
  augmentRows: ReadonlySet<number>,
): Promise<RowInputs[]> {
  const hashes = await photoHashes(db, datasetId);
  const out: RowInputs[] = [];
  const CHUNK = 256;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const slice = rows.slice(start, start + CHUNK);
    const keys = slice.map((row, i) => {
      const hash = row.image ? hashes.get(row.image) : undefined;
      return hash ? viewKeys(backbone, hash, augmentRows.has(start + i) ? 1 + extraViews : 1) : [];
    });
    const found = await readEmbeddings(db, keys.flat());
    let at = 0;
    slice.forEach((row, i) => {
      const views = found.slice(at, at + (keys[i]?.length ?? 0));
      at += keys[i]?.length ?? 0;
      const images =
        views[0] === undefined
          ? []
          : views
              .filter((v): v is Float32Array => v !== undefined)
              .map((v) => l2NormaliseRows(Float32Array.from(v), dimensions));
      out.push({ images, text: row.title || row.description ? productText(row) : '' });
    });
  }
  return out;
}
