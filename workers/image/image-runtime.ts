import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { photoHashes, readEmbeddings, readPhoto } from '@shared/db/photo-store.ts';
import { embeddingKey } from '@shared/db/records/image.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { PhotoExplanation, ProductInput } from '@shared/contracts/image.ts';
import { currentBackend } from '../backend/backends.ts';
import { topK } from '../model/predict.ts';
import { centreView } from './augment.ts';
import { embedBatch, type ImageEmbedder } from './backbones.ts';
import { describeBackbone, type BackboneCache, type BackboneInfo } from './backbone-catalog.ts';
import { productProbabilities, rowText, type FusedRuntime } from './fused-model.ts';
import { argmax } from './fusion.ts';
import { l2NormaliseRows, toBackboneInput, type Pixels } from './preprocess.ts';
import { occlusionMap } from './occlusion.ts';
import { loadTextModel } from './train-head-job.ts';

type Decode = (bytes: ArrayBuffer, type: string, name: string) => Promise<Pixels>;

export interface LoadedImageModel {
  runtime: FusedRuntime;
  record: ImageModelRecord;
  info: BackboneInfo;
  backbone: ImageEmbedder;
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
  return {
    record,
    info,
    runtime: { record, imageDims: info.dimensions, text },
    backbone: await backbones.get(db, info.id, modelsUrl),
  };
}

/** The plain (view 0) embedding of one photo, L2-normalised. */
async function embedOne(loaded: LoadedImageModel, pixels: Pixels): Promise<Float32Array> {
  const input = toBackboneInput(
    pixels,
    [centreView(pixels.width, pixels.height)],
    loaded.info.inputSize,
  );
  try {
    return l2NormaliseRows(await embedBatch(loaded.backbone, input), loaded.runtime.imageDims);
  } finally {
    input.dispose();
  }
}

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

/** The loaded model's top-1 label for every row of a dataset, from cached embeddings. */
export async function predictDataset(db: ShelfwiseDb, loaded: LoadedImageModel, datasetId: string) {
  const rows = await readDatasetRows(db, datasetId);
  const hashes = await photoHashes(db, datasetId);
  const { backbone: backboneId } = loaded.record;
  const dims = loaded.runtime.imageDims;
  const keys = rows.map((row) => {
    const hash = row.image ? hashes.get(row.image) : undefined;
    return hash ? embeddingKey(backboneId, hash, 0) : '';
  });
  const found = await readEmbeddings(db, keys);
  const features = rows.map((row, i) => {
    const data = found[i];
    return {
      image: data ? l2NormaliseRows(Float32Array.from(data), dims) : null,
      text: rowText(row),
    };
  });
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
  request: { datasetId: string; count: number; batchSize: number },
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
        toBackboneInput(pixels, [centreView(pixels.width, pixels.height)], info.inputSize),
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
