import { newId } from '@shared/ids.ts';
import {
  callback,
  importWithDetectedColumns,
  modelsUrl,
  type WorkerHandle,
} from '../bridge/workers.ts';
import { deleteDataset, readDatasetRows } from '@shared/db/catalogue-store.ts';
import { deleteDatasetPhotos, photoHashes, readEmbeddings } from '@shared/db/photo-store.ts';
import {
  embeddingKey,
  type FusionKind,
  type ImageBackboneId,
  type ImageModelRecord,
  type PhotoView,
} from '@shared/db/records/image.ts';
import { type DatasetRecord } from '@shared/db/records/catalogue.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { type BackendName } from '@shared/contracts/jobs.ts';
import type { BenchFigures } from '@shared/bench-figures.ts';
import { levelFigures } from '@shared/taxonomy/level-figures.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { HeldOutShares, TrainApi } from '@shared/contracts/train.ts';
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
  /** Views learnt from and averaged when classifying (the mirror too, for flips). */
  views: PhotoView[];
  /** Fine-tune the backbone's top from cached activations. */
  fineTune: boolean;
  fineTuneEpochs?: number;
  /**
   * For files with titles: also train a text model on the same rows and report text-only,
   * photo-only and late-fusion figures of one run.
   */
  fusion: boolean;
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

export interface PartFigures {
  accuracy: number;
  macroF1: number;
  train_s: number;
}

export interface ImageBenchResult extends BenchFigures {
  embed_s: number;
  /** Per photo, from the embedding pass itself; null when every photo was already cached. */
  embed_ms_per_image: number | null;
  embed_ms_by_backend: Partial<Record<BackendName, number | string>>;
  /** The same with every view of a photo (the mirror too): what classifying a photo costs. */
  photo_ms_by_backend: Partial<Record<BackendName, number | string>>;
  /** Fine-tuning: validation accuracy of the head on the frozen top, then after each epoch. */
  fine_tune?: { frozen: number; epochs: number[] };
  /** Figures of each part of a fused run on the same test rows (fusion: true). */
  parts?: Record<'text' | 'photo' | 'fused', PartFigures>;
  problems: number;
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

/** The text model's settings in a fused run: its validation rows are the photo model's. */
const FUSION_HELD_OUT: HeldOutShares = { validation: 0.1, test: 0 };

async function textFigures(
  trainer: WorkerHandle<TrainApi>,
  classifier: WorkerHandle<ClassifyApi>,
  trainSet: DatasetRecord,
  testSet: DatasetRecord,
  seed: number,
) {
  const started = performance.now();
  const model = await trainer.api.train(
    newId('train'),
    {
      datasetId: trainSet.id,
      backend: await trainer.api.currentBackend(),
      options: { ...DEFAULT_TRAIN_OPTIONS, seed },
      heldOut: FUSION_HELD_OUT,
    },
    callback(() => undefined),
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const rows = await readDatasetRows(await appDb(), testSet.id);
  await classifier.api.loadModel(model.id);
  const ranked = await classifier.api.classify(
    rows.map(({ title, description }) => ({ title, description })),
    1,
  );
  const metrics = scorePredictions(
    rows.map((row) => row.category),
    ranked.map((top) => top[0]?.label ?? ''),
  );
  return {
    modelId: model.id,
    figures: { accuracy: metrics.accuracy, macroF1: metrics.macroF1, train_s: trainSeconds },
  };
}

/**
 * The image benchmark through the real workers and IndexedDB: import both files, attach their
 * photos, embed them (cached by content, so a second run in the same profile skips this), train
 * the photo model on the train file (10% of it for validation), classify the test file, score.
 * With `fusion`, a text model is trained on the same rows and the run reports text-only,
 * photo-only and late-fusion figures; the fused model is the headline. Leaves the caches and
 * removes everything else.
 */
export async function runImageBenchmark(
  workers: {
    importer: WorkerHandle<ImportApi>;
    images: WorkerHandle<ImageApi>;
    trainer: WorkerHandle<TrainApi>;
    classifier: WorkerHandle<ClassifyApi>;
  },
  request: ImageBenchRequest,
): Promise<ImageBenchResult> {
  const { importer, images } = workers;
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
          views: request.views,
          activations: request.fineTune,
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
    // Counted once the networks are loaded: their weights stay for the next photo, by design.
    tensorsBefore = await images.api.tensorCount();
    const fresh = embedded.filter((e) => e.msPerImage !== null);
    const heldOut: HeldOutShares = { validation: 0.1, test: 0 };
    const trainPhotoModel = async (kind: FusionKind, textModelId: string | null) => {
      const started = performance.now();
      const model = await images.api.trainHead(
        newId('head'),
        {
          datasetId: trainSet.id,
          backbone: request.backbone,
          kind,
          textModelId,
          hidden: request.hidden,
          augmentViews: request.augmentViews,
          seed: request.seed,
          heldOut,
          views: request.views,
          fineTune: request.fineTune,
          modelsUrl: modelsUrl(),
          ...(request.fineTuneEpochs ? { fineTuneEpochs: request.fineTuneEpochs } : {}),
        },
        callback(() => undefined),
      );
      return { model, seconds: (performance.now() - started) / 1000 };
    };
    const score = async (model: ImageModelRecord) => {
      await images.api.loadModel(model.id, modelsUrl());
      const started = performance.now();
      const { truth, predicted } = await images.api.predictDataset(testSet.id);
      const seconds = (performance.now() - started) / 1000;
      await images.api.unloadModel();
      return { truth, predicted, seconds, metrics: scorePredictions(truth, predicted) };
    };

    const photo = await trainPhotoModel(request.kind, null);
    const photoScore = await score(photo.model);
    let headline = { ...photo, ...photoScore };
    let parts: ImageBenchResult['parts'];
    if (request.fusion) {
      const text = await textFigures(
        workers.trainer,
        workers.classifier,
        trainSet,
        testSet,
        request.seed,
      );
      const fused = await trainPhotoModel('late', text.modelId);
      const fusedScore = await score(fused.model);
      const figures = (metrics: { accuracy: number; macroF1: number }, seconds: number) => ({
        accuracy: metrics.accuracy,
        macroF1: metrics.macroF1,
        train_s: seconds,
      });
      parts = {
        text: text.figures,
        photo: figures(photoScore.metrics, photo.seconds),
        fused: figures(fusedScore.metrics, fused.seconds + text.figures.train_s),
      };
      headline = { ...fused, ...fusedScore };
    }
    const leaked = (await images.api.tensorCount()) - tensorsBefore;

    const byBackend: ImageBenchResult['embed_ms_by_backend'] = {};
    const byPhoto: ImageBenchResult['photo_ms_by_backend'] = {};
    const time = async (timed: BackendName, views: PhotoView[]) => {
      await images.api.useBackend(timed);
      const figure = await images.api.measureEmbedding({
        datasetId: testSet.id,
        backbone: request.backbone,
        modelsUrl: modelsUrl(),
        // Software WebGPU/WebGL and plain JS take seconds a photo here: time fewer.
        count: timed === 'wasm' ? 64 : 8,
        batchSize: 8,
        views,
      });
      return Math.round(figure.msPerImage * 10) / 10;
    };
    for (const timed of [backend, ...request.timeBackends.filter((b) => b !== backend)]) {
      try {
        byBackend[timed] = await time(timed, ['centre']);
      } catch (error) {
        byBackend[timed] = error instanceof Error ? error.message : String(error);
      }
    }
    // A photo with all its views, on the fastest backend for one view.
    const fastest = Object.entries(byBackend)
      .filter((entry): entry is [BackendName, number] => typeof entry[1] === 'number')
      .sort((a, b) => a[1] - b[1])[0]?.[0];
    if (fastest && request.views.length > 1) {
      try {
        byPhoto[fastest] = await time(fastest, request.views);
      } catch (error) {
        byPhoto[fastest] = error instanceof Error ? error.message : String(error);
      }
    }
    await images.api.useBackend(backend);
    const metrics = headline.metrics;
    const top = photo.model.top;
    return {
      n_train: trainSet.rowCount,
      n_test: testSet.rowCount,
      accuracy: metrics.accuracy,
      macroF1: metrics.macroF1,
      weightedF1: metrics.weightedF1,
      levels: levelFigures(headline.truth, headline.predicted),
      embed_s: embedSeconds,
      embed_ms_per_image: fresh.length
        ? fresh.reduce((sum, e) => sum + (e.msPerImage ?? 0) * e.embedded, 0) /
          fresh.reduce((sum, e) => sum + e.embedded, 0)
        : null,
      embed_ms_by_backend: byBackend,
      photo_ms_by_backend: byPhoto,
      train_s: photo.seconds,
      ...(top
        ? {
            fine_tune: {
              frozen: top.frozenValidationAccuracy,
              epochs: top.history.map((h) => h.validationAccuracy),
            },
          }
        : {}),
      ...(parts ? { parts } : {}),
      predict_per_s: headline.truth.length / headline.seconds,
      backend,
      epochs: photo.model.epochs,
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
