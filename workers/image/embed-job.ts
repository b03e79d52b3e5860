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
import { readActivations, writeActivations } from '@shared/db/activation-store.ts';
import { activationKey, type PhotoView } from '@shared/db/records/image.ts';
import { aliasKey, viewEmbeddingKey, viewsToEmbed } from '@shared/photo-views.ts';
import type { EmbedRequest, EmbedResult, ImageJobProgress } from '@shared/contracts/image.ts';
import { toFloat16 } from '../lifecycle/quantize.ts';
import { namedView, photoViews, seedOfHash } from './augment.ts';
import { embedBatch, type ImageEmbedder } from './backbones.ts';
import { toBackboneInput, type InputSize, type Pixels } from './preprocess.ts';
import { topForward, type TopWeights } from './top-blocks.ts';

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
  /**
   * The network cut before its top, and the shipped top: the activations at the cut are cached
   * for fine-tuning and the embeddings computed from them, so the network runs once a view.
   */
  cut?: { layer: string; base: ImageEmbedder; top: TopWeights };
}

/** The cached embedding keys of a photo: view 0, augmented views, then the other named views. */
function embeddingKeysOf(
  backbone: string,
  hash: string,
  augmented: number,
  named: readonly PhotoView[],
) {
  return [
    ...viewKeys(backbone, hash, 1 + augmented),
    ...named.map((view) => viewEmbeddingKey(backbone, hash, view)),
  ];
}

/**
 * Runs the network to its cut, then the shipped top on those activations: the embeddings, and
 * the activations (float16) of the rows with a key.
 */
async function embedThroughCut(
  cut: NonNullable<EmbedDeps['cut']>,
  input: tf.Tensor4D,
  activationKeys: readonly string[],
) {
  const map = tf.tidy(() => cut.base.predict(input) as tf.Tensor4D);
  try {
    const pooled = tf.tidy(() => topForward(map, cut.top));
    const embeddings = (await pooled.data()) as Float32Array;
    pooled.dispose();
    const values = (await map.data()) as Float32Array;
    const width = values.length / map.shape[0];
    const activations = activationKeys.flatMap((key, row) =>
      key ? [{ key, data: toFloat16(values.subarray(row * width, (row + 1) * width)) }] : [],
    );
    return { embeddings, activations };
  } finally {
    map.dispose();
  }
}

/** True when every key is cached, as itself or as an alias (a square photo's whole view). */
async function cachedOrAliased(
  db: ShelfwiseDb,
  store: 'embeddings' | 'activations',
  keys: readonly string[],
): Promise<boolean> {
  const read = store === 'embeddings' ? readEmbeddings : readActivations;
  const found = await read(db, keys);
  const missing = keys.filter((_, i) => found[i] === undefined);
  if (!missing.length) return true;
  return (await read(db, missing.map(aliasKey))).every((data) => data !== undefined);
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
  request: Pick<EmbedRequest, 'datasetId' | 'augmentViews' | 'views' | 'activations'>,
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

  // The centre is always embedded (view 0); the other named views come after the augmented ones.
  const namedWanted = (request.views ?? ['centre']).filter((view) => view !== 'centre');
  const cut = request.activations ? deps.cut : undefined;
  if (request.activations && !deps.cut)
    throw appError('InvalidInput', `The image model ${deps.backboneId} cannot be fine-tuned`);
  for (let start = 0; start < paths.length; start += EMBED_BATCH) {
    throwIfAborted(signal);
    const batchStarted = performance.now();
    const batch = paths.slice(start, start + EMBED_BATCH);
    const inputs: tf.Tensor4D[] = [];
    const keys: string[] = [];
    // Per input row: the activation key it is cached under, or '' when only its embedding is.
    const activationKeys: string[] = [];
    try {
      for (const path of batch) {
        const photo = await readPhoto(db, request.datasetId, path);
        if (!photo) continue;
        const augmented = (views.get(path) ?? 1) - 1;
        const wanted = {
          embeddings: embeddingKeysOf(deps.backboneId, photo.hash, augmented, namedWanted),
          activations: cut
            ? (['centre', ...namedWanted] as PhotoView[]).map((view) =>
                activationKey(deps.backboneId, cut.layer, photo.hash, view),
              )
            : [],
        };
        if (
          (await cachedOrAliased(db, 'embeddings', wanted.embeddings)) &&
          (await cachedOrAliased(db, 'activations', wanted.activations))
        ) {
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
        // A square photo's whole-photo views are its centre ones: cached as aliases.
        const named = viewsToEmbed(namedWanted, pixels.width, pixels.height);
        const aliases = namedWanted.filter((view) => !named.includes(view));
        if (aliases.length) {
          await writeEmbeddings(
            db,
            aliases.map((view) => ({
              key: aliasKey(viewEmbeddingKey(deps.backboneId, photo.hash, view)),
              data: new Float32Array(0),
            })),
          );
          if (cut)
            await writeActivations(
              db,
              aliases.map((view) => ({
                key: aliasKey(activationKey(deps.backboneId, cut.layer, photo.hash, view)),
                data: new Uint16Array(0),
              })),
            );
        }
        const all = photoViews(pixels.width, pixels.height, seedOfHash(photo.hash), augmented);
        for (const view of named) all.push(namedView(view, pixels.width, pixels.height));
        const embeddingKeys = embeddingKeysOf(deps.backboneId, photo.hash, augmented, named);
        const viewActivations = cut
          ? (['centre', ...named] as PhotoView[]).map((view) =>
              activationKey(deps.backboneId, cut.layer, photo.hash, view),
            )
          : [];
        inputs.push(toBackboneInput(pixels, all, deps.inputSize));
        keys.push(...embeddingKeys);
        // Rows in input order: the centre, the augmented views (embeddings only), the named ones.
        activationKeys.push(
          ...(cut
            ? [
                viewActivations[0] as string,
                ...Array.from({ length: augmented }, () => ''),
                ...viewActivations.slice(1),
              ]
            : all.map(() => '')),
        );
      }
      if (inputs.length) {
        const joined = inputs.length === 1 ? (inputs[0] as tf.Tensor4D) : tf.concat(inputs, 0);
        const output = cut
          ? await embedThroughCut(cut, joined, activationKeys)
          : { embeddings: await embedBatch(deps.backbone, joined), activations: [] };
        if (joined !== inputs[0]) joined.dispose();
        await writeEmbeddings(
          db,
          keys.map((key, i) => ({
            key,
            data: output.embeddings.slice(i * deps.dimensions, (i + 1) * deps.dimensions),
          })),
        );
        if (output.activations.length) await writeActivations(db, output.activations);
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
