import { newId } from '@shared/ids.ts';
import {
  callback,
  importWithDetectedColumns,
  modelsUrl,
  type WorkerHandle,
} from '../bridge/workers.ts';
import { deleteDataset, readDatasetRows } from '@shared/db/catalogue-store.ts';
import { deleteDatasetPhotos, photoHashes, readEmbeddings } from '@shared/db/photo-store.ts';
import { embeddingKey, type FusionKind, type ImageBackboneId } from '@shared/db/records/image.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { levelFigures, type LevelFigures } from '@shared/taxonomy/level-figures.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import type { ImageApi, IncomingPhoto } from '@shared/contracts/image.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import { appDb } from '../common/db.ts';

export interface ImageBenchRequest {
  trainCsv: string;
  testCsv: string;
  /** URLs the photos of each file are fetched from: prefix + encodeURIComponent(image path). */
  trainPhotos: string;
  testPhotos: string;
  seed: number;
  backbone: ImageBackboneId;
  kind: FusionKind;
  hidden: number;
  augmentViews: number;
  /** Backends to time the embedding on (the one in use is timed too, and used for the run). */
  timeBackends: BackendName[];
  /** Return the plain-view embeddings too, for offline analysis of heads. */
  dump?: boolean;
}

export interface EmbeddingDump {
  labels: string[];
  dimensions: number;
  /** Row-major embeddings of the rows with one; `labels` lines up with them. */
  x: number[];
}

export interface ImageBenchResult {
  n_train: number;
  n_test: number;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Per-level figures of the category paths (grocery's are three levels deep). */
  levels: LevelFigures;
  embed_s: number;
  /** Per photo, from the embedding pass itself; null when every photo was already cached. */
  embed_ms_per_image: number | null;
  embed_ms_by_backend: Partial<Record<BackendName, number | string>>;
  train_s: number;
  predict_per_s: number;
  backend: string;
  epochs: number;
  problems: number;
  leaked_tensors: number;
  dump?: { train: EmbeddingDump; test: EmbeddingDump };
}

async function dumpEmbeddings(datasetId: string, backbone: string): Promise<EmbeddingDump> {
  const db = await appDb();
  const rows = await readDatasetRows(db, datasetId);
  const hashes = await photoHashes(db, datasetId);
  const keys = rows.map((row) => embeddingKey(backbone, hashes.get(row.image) ?? '', 0));
  const found = await readEmbeddings(db, keys);
  const labels: string[] = [];
  const x: number[] = [];
  found.forEach((data, i) => {
    if (!data) return;
    labels.push(rows[i]?.category ?? '');
    x.push(...data);
  });
  return { labels, dimensions: x.length / Math.max(1, labels.length), x };
}

const FETCH_AT_ONCE = 32;

/**
 * Fetches a dataset's photos (a few at a time) and hands them to the image worker in one
 * call, as a dropped folder would be: Blobs are references, so this costs little memory.
 */
async function attachFromUrls(
  images: WorkerHandle<ImageApi>,
  dataset: DatasetRecord,
  prefix: string,
): Promise<number> {
  const rows = await readDatasetRows(await appDb(), dataset.id);
  const paths = [...new Set(rows.map((row) => row.image).filter(Boolean))];
  const photos: IncomingPhoto[] = [];
  for (let start = 0; start < paths.length; start += FETCH_AT_ONCE) {
    photos.push(
      ...(await Promise.all(
        paths.slice(start, start + FETCH_AT_ONCE).map(async (path) => {
          const response = await fetch(prefix + encodeURIComponent(path));
          return { path, file: response.ok ? await response.blob() : new Blob([]) };
        }),
      )),
    );
  }
  const result = await images.api.attachPhotos(
    newId('attach'),
    { datasetId: dataset.id, photos },
    callback(() => undefined),
  );
  return result.problems.length;
}

/**
 * The image benchmark through the real workers and IndexedDB: import both files, attach their
 * photos, embed them (cached by content, so a second run in the same profile skips this), train
 * the head on the train file (10% of it for early stopping), classify the test file, score.
 * Leaves the cached embeddings and removes everything else.
 */
export async function runImageBenchmark(
  importer: WorkerHandle<ImportApi>,
  images: WorkerHandle<ImageApi>,
  request: ImageBenchRequest,
): Promise<ImageBenchResult> {
  const db = await appDb();
  const name = (part: string) =>
    new File([part === 'train' ? request.trainCsv : request.testCsv], `${part}.csv`);
  const trainSet = await importWithDetectedColumns(importer, name('train'), 'benchmark-train');
  const testSet = await importWithDetectedColumns(importer, name('test'), 'benchmark-test');
  const backend = await images.api.useBackend(
    (new URLSearchParams(window.location.search).get('backend') as BackendName | null) ?? 'wasm',
  );
  let tensorsBefore = 0;
  try {
    let problems = await attachFromUrls(images, trainSet, request.trainPhotos);
    problems += await attachFromUrls(images, testSet, request.testPhotos);
    const embedStarted = performance.now();
    const embedded = [];
    for (const dataset of [trainSet, testSet]) {
      const result = await images.api.embedPhotos(
        newId('embed'),
        {
          datasetId: dataset.id,
          backbone: request.backbone,
          modelsUrl: modelsUrl(),
          augmentViews: dataset === trainSet ? request.augmentViews : 0,
        },
        callback(() => undefined),
      );
      problems += result.problems.length;
      embedded.push(result);
    }
    const embedSeconds = (performance.now() - embedStarted) / 1000;
    const dump = request.dump
      ? {
          train: await dumpEmbeddings(trainSet.id, request.backbone),
          test: await dumpEmbeddings(testSet.id, request.backbone),
        }
      : undefined;
    // Counted once the backbone is loaded: its weights stay for the next photo, by design.
    tensorsBefore = await images.api.tensorCount();
    const fresh = embedded.filter((e) => e.msPerImage !== null);
    const trainStarted = performance.now();
    const model = await images.api.trainHead(
      newId('head'),
      {
        datasetId: trainSet.id,
        backbone: request.backbone,
        kind: request.kind,
        textModelId: null,
        hidden: request.hidden,
        augmentViews: request.augmentViews,
        seed: request.seed,
        heldOut: { validation: 0.1, test: 0 },
      },
      callback(() => undefined),
    );
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    await images.api.loadModel(model.id, modelsUrl());
    const predictStarted = performance.now();
    const { truth, predicted } = await images.api.predictDataset(testSet.id);
    const predictSeconds = (performance.now() - predictStarted) / 1000;
    const metrics = scorePredictions(truth, predicted);
    const leaked = (await images.api.tensorCount()) - tensorsBefore;

    const byBackend: ImageBenchResult['embed_ms_by_backend'] = {};
    for (const timed of [backend, ...request.timeBackends.filter((b) => b !== backend)]) {
      try {
        await images.api.useBackend(timed);
        const figure = await images.api.measureEmbedding({
          datasetId: testSet.id,
          backbone: request.backbone,
          modelsUrl: modelsUrl(),
          // Software WebGPU/WebGL and plain JS take seconds a photo here: time fewer.
          count: timed === 'wasm' ? 64 : 16,
          batchSize: timed === 'wasm' ? 16 : 8,
        });
        byBackend[timed] = Math.round(figure.msPerImage * 10) / 10;
      } catch (error) {
        byBackend[timed] = error instanceof Error ? error.message : String(error);
      }
    }
    await images.api.useBackend(backend);
    return {
      n_train: trainSet.rowCount,
      n_test: testSet.rowCount,
      accuracy: metrics.accuracy,
      macroF1: metrics.macroF1,
      weightedF1: metrics.weightedF1,
      levels: levelFigures(truth, predicted),
      embed_s: embedSeconds,
      embed_ms_per_image: fresh.length
        ? fresh.reduce((sum, e) => sum + (e.msPerImage ?? 0) * e.embedded, 0) /
          fresh.reduce((sum, e) => sum + e.embedded, 0)
        : null,
      embed_ms_by_backend: byBackend,
      train_s: trainSeconds,
      predict_per_s: truth.length / predictSeconds,
      backend,
      epochs: model.epochs,
      problems,
      leaked_tensors: leaked,
      ...(dump ? { dump } : {}),
    };
  } finally {
    for (const dataset of [trainSet, testSet]) {
      await deleteDatasetPhotos(db, dataset.id);
      await deleteDataset(db, dataset.id);
    }
  }
}
