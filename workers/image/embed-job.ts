import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { ProgressClock, remainingMs } from '@shared/progress.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImportProblem, StoredRow } from '@shared/db/records/catalogue.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import {
  photoPaths,
  readEmbeddings,
  readPhoto,
  viewKeys,
  writeEmbeddings,
} from '@shared/db/photo-store.ts';
import type { EmbedRequest, EmbedResult, ImageJobProgress } from '@shared/contracts/image.ts';
import { photoViews, seedOfHash } from './augment.ts';
import { embedBatch, type ImageEmbedder } from './backbones.ts';
import { toBackboneInput, type InputSize, type Pixels } from './preprocess.ts';

/** Photos per backbone call: large enough to keep the backend busy, small enough for memory. */
export const EMBED_BATCH = 16;

/** What embedding needs from the environment: a browser decodes with canvases, tests bring pixels. */
export interface EmbedDeps {
  backboneId: string;
  backbone: ImageEmbedder;
  dimensions: number;
  /** Input size the backbone runs at. */
  inputSize: InputSize;
  decode: (bytes: ArrayBuffer, type: string, name: string) => Promise<Pixels>;
}

/** Classes with fewer photos than the median class: the ones augmentation is for. */
export function smallClasses(rows: readonly StoredRow[]): Set<string> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2
      ? (sorted[Math.floor(middle)] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return new Set([...counts].filter(([, count]) => count < median).map(([label]) => label));
}

/** How many views each photo of a dataset gets: 1, plus the augmented ones for small classes. */
export function viewsPerPath(
  rows: readonly StoredRow[],
  augmentViews: number,
): Map<string, number> {
  const small = augmentViews > 0 ? smallClasses(rows) : new Set<string>();
  const views = new Map<string, number>();
  for (const row of rows) {
    if (!row.image) continue;
    const wanted = small.has(row.category) ? 1 + augmentViews : 1;
    views.set(row.image, Math.max(views.get(row.image) ?? 1, wanted));
  }
  return views;
}

/**
 * Embeds every stored photo of a dataset once per view and caches the result in IndexedDB,
 * keyed by backbone, photo hash and view. Already cached views are skipped, so a cancelled or
 * interrupted run resumes where it stopped. A photo that cannot be decoded is reported by
 * line and skipped. Cancel stops at the next batch.
 */
export async function embedPhotos(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: Pick<EmbedRequest, 'datasetId' | 'augmentViews'>,
  deps: EmbedDeps,
  onProgress: (progress: ImageJobProgress) => void,
): Promise<EmbedResult> {
  const dataset = await db.get('datasets', request.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${request.datasetId} no longer exists`);
  const rows = await readDatasetRows(db, request.datasetId);
  const stored = await photoPaths(db, request.datasetId);
  const views = viewsPerPath(rows, request.augmentViews);
  const lineOf = new Map<string, number>();
  for (const row of rows) if (row.image && !lineOf.has(row.image)) lineOf.set(row.image, row.line);
  const paths = [...views.keys()].filter((path) => stored.has(path));

  const problems: ImportProblem[] = [];
  let done = 0;
  let embedded = 0;
  let cached = 0;
  let embedMs = 0;
  const clock = new ProgressClock();
  const progress = (force: boolean) => {
    if (!clock.due(force)) return;
    // Cached photos cost nothing: the pace is that of the photos actually embedded.
    const toEmbed = paths.length - done;
    onProgress({
      kind: 'embed',
      done,
      total: paths.length,
      cached,
      failed: problems.length,
      etaMs: remainingMs(embedMs, embedded, embedded + toEmbed),
    });
  };

  for (let start = 0; start < paths.length; start += EMBED_BATCH) {
    throwIfAborted(signal);
    const batchStarted = performance.now();
    const batch = paths.slice(start, start + EMBED_BATCH);
    const inputs: tf.Tensor4D[] = [];
    const keys: string[] = [];
    try {
      for (const path of batch) {
        const photo = await readPhoto(db, request.datasetId, path);
        if (!photo) continue;
        const wanted = viewKeys(deps.backboneId, photo.hash, views.get(path) ?? 1);
        const have = await readEmbeddings(db, wanted);
        if (have.every((data) => data !== undefined)) {
          cached += 1;
          continue;
        }
        let pixels: Pixels;
        try {
          pixels = await deps.decode(photo.bytes, photo.type, path);
        } catch (error) {
          const line = lineOf.get(path) ?? 0;
          const reason = error instanceof Error ? error.message : String(error);
          problems.push({
            line,
            field: 'image',
            code: 'CorruptImage',
            message: `Line ${line}: the photo "${path}" was skipped: ${reason}`,
            skipped: true,
            params: { path },
          });
          continue;
        }
        const all = photoViews(
          pixels.width,
          pixels.height,
          seedOfHash(photo.hash),
          wanted.length - 1,
        );
        inputs.push(toBackboneInput(pixels, all, deps.inputSize));
        keys.push(...wanted);
      }
      if (inputs.length) {
        const joined = inputs.length === 1 ? (inputs[0] as tf.Tensor4D) : tf.concat(inputs, 0);
        const output = await embedBatch(deps.backbone, joined);
        if (joined !== inputs[0]) joined.dispose();
        await writeEmbeddings(
          db,
          keys.map((key, i) => ({
            key,
            data: output.slice(i * deps.dimensions, (i + 1) * deps.dimensions),
          })),
        );
        embedded += inputs.length;
        embedMs += performance.now() - batchStarted;
      }
    } finally {
      inputs.forEach((input) => input.dispose());
    }
    done += batch.length;
    progress(false);
  }
  progress(true);
  return {
    photos: paths.length,
    embedded,
    cached,
    problems,
    msPerImage: embedded ? embedMs / embedded : null,
  };
}
