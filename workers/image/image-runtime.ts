import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { photoHashes, readPhoto, readViewEmbeddings } from '@shared/db/photo-store.ts';
import type { PhotoView } from '@shared/db/records/image.ts';
import { resolveActivationKeys, viewsToEmbed } from '@shared/photo-views.ts';
import { activationKeysOf } from '@shared/db/activation-store.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { PhotoExplanation, ProductInput } from '@shared/contracts/image.ts';
import { currentBackend } from '../backend/backends.ts';
import { topK } from '../model/predict.ts';
import { namedView } from './augment.ts';
import { embedBatch, embedderWithTop, type ImageEmbedder } from './backbones.ts';
import { disposeTop, restoreTop, type TopWeights } from './top-blocks.ts';
import { activationRows, cachedMapShape } from './activation-rows.ts';
import { topEmbeddings } from './fine-tune.ts';
import { describeBackbone, type BackboneCache, type BackboneInfo } from './backbone-catalog.ts';
import { productProbabilities, rowText, type FusedRuntime } from './fused-model.ts';
import { argmax } from './fusion.ts';
import {
  averageViews,
  l2NormaliseRows,
  meanOfViews,
  toBackboneInput,
  type InputSize,
  type Pixels,
} from './preprocess.ts';
import { occlusionMap } from './occlusion.ts';
import { loadTextModel } from './train-head-job.ts';

type Decode = (bytes: ArrayBuffer, type: string, name: string) => Promise<Pixels>;

export interface LoadedImageModel {
  runtime: FusedRuntime;
  record: ImageModelRecord;
  info: BackboneInfo;
  /** The network the photos go through: the shipped one, or its base with the tuned top. */
  backbone: ImageEmbedder;
  /** Views averaged per photo (the centre, and its mirror with flips). */
  views: PhotoView[];
  /** The fine-tuned top, owned by this model (null when the shipped network is used). */
  top: TopWeights | null;
}

export async function loadImageModel(
  db: ShelfwiseDb,
  modelId: string,
  backbones: BackboneCache,
  modelsUrl: string,
): Promise<LoadedImageModel> {
  const record = await db.get('imageModels', modelId);
  if (!record) throw appError('NotFound', `Photo model ${modelId} is no longer stored`);
  const info = await describeBackbone(db, record.backbone);
  const text = record.textModelId ? await loadTextModel(db, record.textModelId) : null;
  const views = record.views ?? ['centre'];
  let top: TopWeights | null = null;
  let backbone: ImageEmbedder;
  if (record.top) {
    const cut = await backbones.getCut(info.id, modelsUrl);
    top = restoreTop(record.top.weights, record.top.blocks);
    backbone = embedderWithTop(cut.base, top);
  } else backbone = await backbones.get(db, info.id, modelsUrl);
  return {
    record,
    info,
    runtime: { record, imageDims: info.dimensions, text },
    backbone,
    views,
    top,
  };
}

/** Frees what a loaded model owns (its tuned top); the networks stay cached. */
export function unloadImageModel(loaded: LoadedImageModel | null): void {
  if (loaded?.top) disposeTop(loaded.top);
}

/** The views of one photo worth computing, in order: a square photo skips its whole-photo ones. */
export function viewsOf(pixels: Pixels, views: readonly PhotoView[]) {
  return viewsToEmbed(views, pixels.width, pixels.height).map((view) =>
    namedView(view, pixels.width, pixels.height),
  );
}

/**
 * A photo's embedding as the model reads it: each view L2-normalised, then averaged (flip
 * test-time augmentation when the mirror is among the views).
 */
export async function embedPhoto(
  backbone: ImageEmbedder,
  pixels: Pixels,
  views: readonly PhotoView[],
  inputSize: InputSize,
  dimensions: number,
): Promise<Float32Array> {
  // A square photo's whole-photo views equal its centre ones: the mean is the same without them.
  const input = toBackboneInput(pixels, viewsOf(pixels, views), inputSize);
  try {
    const embedded = l2NormaliseRows(await embedBatch(backbone, input), dimensions);
    const each = Array.from({ length: input.shape[0] }, (_, v) =>
      embedded.subarray(v * dimensions, (v + 1) * dimensions),
    );
    return meanOfViews(each);
  } finally {
    input.dispose();
  }
}

const embedOne = (loaded: LoadedImageModel, pixels: Pixels) =>
  embedPhoto(
    loaded.backbone,
    pixels,
    loaded.views,
    loaded.info.inputSize,
    loaded.runtime.imageDims,
  );

/**
 * Top-k categories of products given by photo, text or both.
 * @throws InvalidInput naming the product whose photo cannot be read, or that has no input.
 */
export async function classifyWithModel(
  loaded: LoadedImageModel,
  products: readonly ProductInput[],
  k: number,
  decode: Decode,
) {
  const features = [];
  for (const [i, product] of products.entries()) {
    let image: Float32Array | null = null;
    if (product.photo) {
      let pixels: Pixels;
      try {
        pixels = await decode(product.photo.bytes, product.photo.type, product.photo.name);
      } catch (error) {
        throw appError(
          'InvalidInput',
          `The photo ${product.photo.name} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      image = await embedOne(loaded, pixels);
    }
    const text = rowText({ title: product.title ?? '', description: product.description ?? '' });
    if (!image && !text)
      throw appError('InvalidInput', `Product ${i + 1} has neither a photo nor a text`);
    features.push({ image, text });
  }
  const probabilities = await productProbabilities(loaded.runtime, features);
  const labels = loaded.runtime.record.labels;
  return probabilities.map((p, i) => {
    if (!p)
      throw appError(
        'InvalidInput',
        `Product ${i + 1}: this ${loaded.record.kind === 'image' ? 'photo-only model needs a photo' : 'model needs a photo or a text'}`,
      );
    return topK(p, 0, labels.length, Math.min(k, labels.length)).map(
      ({ classId, probability }) => ({
        label: labels[classId] ?? '?',
        probability,
      }),
    );
  });
}

/**
 * Occlusion map of one product's photo for a category (the top one when `label` is omitted):
 * each cell of a `grid` × `grid` division is covered in turn, the photo embedded again, and
 * the fall of that category's probability recorded.
 * @throws InvalidInput without a readable photo; NotFound for a category the model lacks.
 */
export async function explainPhoto(
  loaded: LoadedImageModel,
  product: ProductInput,
  label: string | undefined,
  decode: Decode,
  grid: number,
): Promise<PhotoExplanation> {
  const { photo } = product;
  if (!photo) throw appError('InvalidInput', 'An occlusion map needs a photo');
  let pixels: Pixels;
  try {
    pixels = await decode(photo.bytes, photo.type, photo.name);
  } catch (error) {
    throw appError(
      'InvalidInput',
      `The photo ${photo.name} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const labels = loaded.runtime.record.labels;
  const text = rowText({ title: product.title ?? '', description: product.description ?? '' });
  const probabilities = async (p: Pixels) => {
    const [out] = await productProbabilities(loaded.runtime, [
      { image: await embedOne(loaded, p), text },
    ]);
    if (!out) throw appError('InvalidInput', 'The model gives no answer for this photo');
    return out;
  };
  const classId = label ? labels.indexOf(label) : argmax(await probabilities(pixels));
  if (classId < 0) throw appError('NotFound', `The photo model has no category "${label}"`);
  const { base, drops } = await occlusionMap(
    pixels,
    grid,
    async (p) => (await probabilities(p))[classId] ?? 0,
  );
  return { label: labels[classId] as string, grid, probability: base, drops: Array.from(drops) };
}

/**
 * Classification embeddings of a dataset's rows from the caches (null where a photo was not
 * embedded): the views' embeddings averaged, or with a tuned top, its embeddings of the cached
 * activations.
 */
async function cachedFeatures(
  db: ShelfwiseDb,
  loaded: LoadedImageModel,
  datasetId: string,
  rows: readonly StoredRow[],
): Promise<(Float32Array | null)[]> {
  const hashes = await photoHashes(db, datasetId);
  const { backbone: backboneId, top } = loaded.record;
  const dims = loaded.runtime.imageDims;
  const hashOf = (row: StoredRow) => (row.image ? hashes.get(row.image) : undefined);
  if (top && loaded.top) {
    const cached = new Set(await activationKeysOf(db, `${backboneId}@${top.layer}/`));
    const usable = rows.flatMap((row, i) => {
      const hash = hashOf(row);
      const keys = hash
        ? resolveActivationKeys(cached, backboneId, top.layer, hash, loaded.views)
        : null;
      return keys ? [{ i, keys }] : [];
    });
    const out: (Float32Array | null)[] = rows.map(() => null);
    if (!usable.length) return out;
    const channels = (top.weights[0]?.shape[0] ?? 0) as number;
    const shape = await cachedMapShape(db, usable[0]?.keys[0] as string, channels);
    const set = await activationRows(
      db,
      usable.flatMap(({ keys }) => keys.map((key) => ({ key, label: 0 }))),
      shape,
      loaded.views.length,
    );
    const averaged = averageViews(await topEmbeddings(set, loaded.top), dims, loaded.views.length);
    usable.forEach(({ i }, r) => (out[i] = averaged.slice(r * dims, (r + 1) * dims)));
    return out;
  }
  const found = await readViewEmbeddings(db, backboneId, rows.map(hashOf), loaded.views);
  return found.map((views) => {
    if (views.some((v) => !v || v.length === 0)) return null;
    const normalised = views.map((v) =>
      l2NormaliseRows(Float32Array.from(v as Float32Array), dims),
    );
    return normalised.length === 1 ? (normalised[0] as Float32Array) : meanOfViews(normalised);
  });
}

/** The loaded model's top-1 label for every row of a dataset, from the caches. */
export async function predictDataset(db: ShelfwiseDb, loaded: LoadedImageModel, datasetId: string) {
  const rows = await readDatasetRows(db, datasetId);
  const images = await cachedFeatures(db, loaded, datasetId, rows);
  const features = rows.map((row, i) => ({ image: images[i] ?? null, text: rowText(row) }));
  const probabilities = await productProbabilities(loaded.runtime, features);
  const labels = loaded.runtime.record.labels;
  return {
    truth: rows.map((row) => row.category),
    predicted: probabilities.map((p) => (p ? (labels[argmax(p)] ?? '') : '')),
  };
}

/**
 * Milliseconds per photo to decode, preprocess and embed the first `count` photos of a dataset
 * in batches, bypassing the cache; one warm-up batch first (shader compilation, wasm start).
 */
export async function measureEmbedding(
  db: ShelfwiseDb,
  request: { datasetId: string; count: number; batchSize: number; views?: PhotoView[] },
  info: BackboneInfo,
  backbone: ImageEmbedder,
  decode: Decode,
): Promise<{ msPerImage: number; images: number; backend: BackendName }> {
  const paths = [...(await photoHashes(db, request.datasetId)).keys()].slice(
    0,
    request.count + request.batchSize,
  );
  const photos = await Promise.all(paths.map((path) => readPhoto(db, request.datasetId, path)));
  const run = async (batch: typeof photos) => {
    const inputs = [];
    for (const photo of batch) {
      if (!photo) continue;
      const pixels = await decode(photo.bytes, photo.type, photo.path);
      inputs.push(
        toBackboneInput(pixels, viewsOf(pixels, request.views ?? ['centre']), info.inputSize),
      );
    }
    const joined = tf.concat(inputs, 0);
    inputs.forEach((t) => t.dispose());
    await embedBatch(backbone, joined);
    joined.dispose();
    return inputs.length;
  };
  await run(photos.slice(0, request.batchSize));
  const timed = photos.slice(request.batchSize);
  const started = performance.now();
  let images = 0;
  for (let start = 0; start < timed.length; start += request.batchSize)
    images += await run(timed.slice(start, start + request.batchSize));
  if (!images) throw appError('EmptyDataset', 'No photos to time: attach photos first');
  return { msPerImage: (performance.now() - started) / images, images, backend: currentBackend() };
}
