import { newId } from '@shared/ids.ts';
import { appError, rethrowQuota, throwIfAborted } from '@shared/errors.ts';
import { computeMetrics } from '@shared/metrics.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { stratifiedSplit } from '@shared/split.ts';
import type { ImageJobProgress, TrainHeadRequest } from '@shared/contracts/image.ts';
import { loadClassifier, type LoadedClassifier } from '../classify/classify.ts';
import { readModel } from '@shared/db/model-store.ts';
import { HELD_OUT } from '@shared/split.ts';
import { describeBackbone } from './backbone-catalog.ts';
import { smallClasses } from './embed-job.ts';
import { productProbabilities, type FusedRuntime, type ProductFeatures } from './fused-model.ts';
import {
  argmax,
  CONCAT_TEXT_DIMS,
  concatFeatures,
  hashedTextVector,
  IMAGE_WEIGHT_GRID,
} from './fusion.ts';
import { DEFAULT_HEAD_OPTIONS, fitHead, type DenseSet } from './head.ts';
import { readRowInputs, type RowInputs } from './head-data.ts';

export async function loadTextModel(db: ShelfwiseDb, modelId: string): Promise<LoadedClassifier> {
  const { record, stored } = await readModel(db, modelId);
  return loadClassifier({ ...record, space: stored.space, weights: stored.weights });
}

function denseSet(
  rows: readonly Float32Array[],
  labels: readonly number[],
  width: number,
): DenseSet {
  const x = new Float32Array(rows.length * width);
  rows.forEach((row, i) => x.set(row, i * width));
  return { x, y: Int32Array.from(labels) };
}

/** Training examples of one split: every cached view, and for concat, one-modality copies. */
function examples(
  kind: TrainHeadRequest['kind'],
  inputs: readonly RowInputs[],
  ids: readonly number[],
  classes: readonly number[],
  imageDims: number,
  withCopies: boolean,
) {
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (const id of ids) {
    const input = inputs[id] as RowInputs;
    const label = classes[id] as number;
    if (kind !== 'concat') {
      for (const view of input.images) {
        rows.push(view);
        labels.push(label);
      }
      continue;
    }
    const text = input.text ? hashedTextVector(input.text, CONCAT_TEXT_DIMS) : null;
    const views: (Float32Array | null)[] = input.images.length ? input.images : [null];
    for (const view of views) {
      if (!view && !text) continue;
      rows.push(concatFeatures(view, imageDims, text, CONCAT_TEXT_DIMS));
      labels.push(label);
      // Products arrive with one modality missing: teach the head that case too.
      if (withCopies && view && text) {
        rows.push(concatFeatures(view, imageDims, null, CONCAT_TEXT_DIMS));
        rows.push(concatFeatures(null, imageDims, text, CONCAT_TEXT_DIMS));
        labels.push(label, label);
      }
    }
  }
  return { rows, labels };
}

/**
 * Trains an image head, or a fused image + text model, on the cached embeddings of a dataset:
 * the same seeded stratified split as the text model, early stopping on the validation rows,
 * figures on the held-out test rows. Saves and returns the model record.
 * @throws NotFound for an unknown dataset or text model; InvalidInput when late fusion has no
 *   text model; EmptyDataset when no training row has a cached embedding (embed first).
 */
export async function runTrainHead(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: TrainHeadRequest,
  backend: BackendName,
  onProgress: (progress: ImageJobProgress) => void,
): Promise<ImageModelRecord> {
  const started = performance.now();
  const dataset = await db.get('datasets', request.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${request.datasetId} no longer exists`);
  const spec = await describeBackbone(db, request.backbone);
  onProgress({ kind: 'stage', stage: 'readingEmbeddings' });
  const rows = await readDatasetRows(db, request.datasetId);
  const labels = [...new Set(rows.map((row) => row.category))].sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const classes = rows.map((row) => classOf.get(row.category) as number);
  const split = stratifiedSplit(classes, request.heldOut ?? HELD_OUT, request.seed);
  const small = request.augmentViews > 0 ? smallClasses(rows) : new Set<string>();
  const augmentRows = new Set(split.train.filter((i) => small.has(rows[i]?.category ?? '')));
  const inputs = await readRowInputs(
    db,
    request.datasetId,
    rows,
    spec.id,
    spec.dimensions,
    request.augmentViews,
    augmentRows,
  );
  throwIfAborted(signal);
  let text: LoadedClassifier | null = null;
  if (request.kind === 'late') {
    if (!request.textModelId)
      throw appError(
        'InvalidInput',
        'Late fusion needs a text model: train one on this dataset first',
      );
    text = await loadTextModel(db, request.textModelId);
  }

  const imageDims = spec.dimensions;
  const width = request.kind === 'concat' ? imageDims + CONCAT_TEXT_DIMS + 2 : imageDims;
  const train = examples(request.kind, inputs, split.train, classes, imageDims, true);
  if (!train.rows.length)
    throw appError(
      'EmptyDataset',
      `No training row of "${dataset.name}" has an embedded photo${request.kind === 'concat' ? ' or a text' : ''}: embed the photos first`,
    );
  // Validation sees each product once, as it will be classified (view 0, both modalities).
  const firstView = inputs.map((input) => ({ ...input, images: input.images.slice(0, 1) }));
  const validation = examples(request.kind, firstView, split.validation, classes, imageDims, false);
  const fitted = await fitHead(
    signal,
    denseSet(train.rows, train.labels, width),
    denseSet(validation.rows, validation.labels, width),
    {
      ...DEFAULT_HEAD_OPTIONS,
      hidden: request.hidden,
      classCount: labels.length,
      width,
      seed: request.seed,
    },
    onProgress,
  );

  onProgress({ kind: 'stage', stage: 'evaluating' });
  const runtime: FusedRuntime = {
    record: {
      kind: request.kind,
      labels,
      weights: fitted.weights,
      imageWeight: 1,
      textDims: request.kind === 'concat' ? CONCAT_TEXT_DIMS : 0,
    },
    imageDims,
    text,
  };
  const features = (ids: readonly number[]): ProductFeatures[] =>
    ids.map((i) => ({ image: firstView[i]?.images[0] ?? null, text: inputs[i]?.text ?? '' }));
  let imageWeight = 1;
  if (request.kind === 'late') {
    const validationProducts = features(split.validation);
    let bestHits = -1;
    for (const weight of IMAGE_WEIGHT_GRID) {
      const probabilities = await productProbabilities(runtime, validationProducts, weight);
      const hits = probabilities.filter(
        (p, r) => p && argmax(p) === classes[split.validation[r] as number],
      ).length;
      if (hits > bestHits) [bestHits, imageWeight] = [hits, weight];
    }
  }
  runtime.record.imageWeight = imageWeight;

  const probabilities = await productProbabilities(runtime, features(split.test), imageWeight);
  const skipped: ImportProblem[] = [];
  const truth: number[] = [];
  const predicted: number[] = [];
  probabilities.forEach((p, r) => {
    const row = rows[split.test[r] as number];
    if (!row) return;
    if (!p) {
      skipped.push({
        line: row.line,
        field: 'image',
        code: 'NoInput',
        message: `Line ${row.line}: no embedded photo${request.kind === 'image' ? '' : ' and no text'}, so the row was not evaluated`,
        skipped: true,
      });
      return;
    }
    truth.push(classes[split.test[r] as number] as number);
    predicted.push(argmax(p));
  });
  const record: ImageModelRecord = {
    id: newId('image-model'),
    datasetId: dataset.id,
    datasetName: dataset.name,
    createdAt: Date.now(),
    kind: request.kind,
    backbone: spec.id,
    labels,
    weights: fitted.weights,
    hidden: request.hidden,
    textModelId: request.kind === 'late' ? request.textModelId : null,
    imageWeight,
    textDims: runtime.record.textDims,
    augmentViews: request.augmentViews,
    epochs: fitted.epochs,
    bestEpoch: fitted.bestEpoch,
    backend,
    trainMs: performance.now() - started,
    evaluation: {
      metrics: computeMetrics(truth, predicted, labels),
      testRows: truth.length,
      trainRows: train.rows.length,
      validationRows: validation.rows.length,
    },
    skipped,
  };
  await db
    .put('imageModels', record)
    .catch(rethrowQuota('Browser storage is full: the photo model could not be saved.'));
  return record;
}
