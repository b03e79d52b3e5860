import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { PhotoView } from '@shared/db/records/image.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import {
  photoHashes,
  readEmbeddings,
  readViewEmbeddings,
  viewKeys,
} from '@shared/db/photo-store.ts';
import { productText } from '../text/product-text.ts';
import { l2NormaliseRows, meanOfViews } from './preprocess.ts';

/**
 * What a row offers a head: its cached, L2-normalised image views (view 0 first, then the
 * augmented ones, then the other named views), the embedding it is classified by (the mean of
 * the named views: test-time augmentation) and its text.
 */
export interface RowInputs {
  images: Float32Array[];
  /** Null without an embedded photo. */
  classified: Float32Array | null;
  text: string;
}

/**
 * Reads the cached embeddings of the given rows: the named `views` (the centre first) of every
 * row with a photo, and up to `extraViews` augmented views for rows in `augmentRows`. Rows
 * whose photo was not embedded in every view get no images (the caller decides whether the
 * text alone will do).
 */
export async function readRowInputs(
  db: ShelfwiseDb,
  datasetId: string,
  rows: readonly StoredRow[],
  backbone: string,
  dimensions: number,
  extraViews: number,
  augmentRows: ReadonlySet<number>,
  views: readonly PhotoView[] = ['centre'],
): Promise<RowInputs[]> {
  const hashes = await photoHashes(db, datasetId);
  const named: PhotoView[] = ['centre', ...views.filter((view) => view !== 'centre')];
  const out: RowInputs[] = [];
  const CHUNK = 256;
  const normalise = (v: Float32Array) => l2NormaliseRows(Float32Array.from(v), dimensions);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const slice = rows.slice(start, start + CHUNK);
    const rowHashes = slice.map((row) => (row.image ? hashes.get(row.image) : undefined));
    const viewsOfRows = await readViewEmbeddings(db, backbone, rowHashes, named);
    const augmentedKeys = rowHashes.map((hash, i) =>
      hash && augmentRows.has(start + i) ? viewKeys(backbone, hash, 1 + extraViews).slice(1) : [],
    );
    const augmented = await readEmbeddings(db, augmentedKeys.flat());
    let at = 0;
    slice.forEach((row, i) => {
      const own = viewsOfRows[i] ?? [];
      const extra = augmented.slice(at, at + (augmentedKeys[i]?.length ?? 0));
      at += augmentedKeys[i]?.length ?? 0;
      const complete = own.every((v) => v !== undefined && v.length > 0);
      const normalised = complete ? (own as Float32Array[]).map(normalise) : [];
      const images = complete
        ? [
            normalised[0] as Float32Array,
            ...extra.filter((v): v is Float32Array => v !== undefined).map(normalise),
            ...normalised.slice(1),
          ]
        : [];
      out.push({
        images,
        classified: complete ? meanOfViews(normalised) : null,
        text: row.title || row.description ? productText(row) : '',
      });
    });
  }
  return out;
}
