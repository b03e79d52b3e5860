import { newId } from '@shared/ids.ts';
import { isLabelled } from '@shared/labels.ts';
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
import type { CutNetwork } from './backbones.ts';
import { fineTunePhotoModel, type FineTunedPhotoModel } from './fine-tune-job.ts';
import {
  DEFAULT_PROBE_OPTIONS,
  fitLinearProbe,
  fitStandardiser,
  foldStandardiser,
} from './linear-probe.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';

export async function loadTextModel(db: ShelfwiseDb, modelId: string): Promise<LoadedClassifier> {
  const { record, stored } = await readModel(db, modelId);
  return loadClassifier({
    ...record,
    space: stored.space,
    weights: stored.weights,
    deep: stored.deep,
  });
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

/** A linear probe (docs: standardised L2 embeddings, L2 penalty) on every training view. */
async function probeHead(
  signal: AbortSignal | undefined,
  train: { rows: Float32Array[]; labels: number[] },
  width: number,
  classCount: number,
  onProgress: (progress: ImageJobProgress) => void,
): Promise<SavedTensor[]> {
  const x = denseSet(train.rows, train.labels, width);
  const standardiser = fitStandardiser(x.x, width);
  for (let r = 0; r < train.rows.length; r++)
    for (let i = 0; i < width; i++)
      x.x[r * width + i] =
        ((x.x[r * width + i] as number) - (standardiser.mean[i] as number)) /
        (standardiser.std[i] as number);
  const { steps } = DEFAULT_PROBE_OPTIONS;
  const head = await fitLinearProbe(
    signal,
    x.x,
    x.y,
    width,
    classCount,
    DEFAULT_PROBE_OPTIONS,
    (step) =>
      onProgress({
        kind: 'train',
        epoch: step,
        epochs: steps,
        loss: Number.NaN,
        validationAccuracy: Number.NaN,
      }),
  );
  return foldStandardiser(head, standardiser, classCount);
}

/** What training needs from the worker: the backbone split at its cut, when fine-tuning. */
export interface TrainHeadDeps {
  cut?: CutNetwork;
}

/**
 * Trains an image head, or a fused image + text model, on the cached embeddings of a dataset:
 * the same seeded stratified split as the text model, figures on the held-out test rows.
 * Photo-only and late-fusion heads are linear probes on every training view (and the mirror
 * image with flips); with `fineTune` the backbone's top trains too, from cached activations.
 * A concatenated head keeps the dense head with early stopping. Saves and returns the record.
 * @throws NotFound for an unknown dataset or text model; InvalidInput when late fusion has no
 *   text model; EmptyDataset when no training row has a cached embedding (embed first).
 */
export async function runTrainHead(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: TrainHeadRequest,
  backend: BackendName,
  onProgress: (progress: ImageJobProgress) => void,
  deps: TrainHeadDeps = {},
): Promise<ImageModelRecord> {
  const started = performance.now();
  const dataset = await db.get('datasets', request.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${request.datasetId} no longer exists`);
  const spec = await describeBackbone(db, request.backbone);
  const views = request.views ?? ['centre'];
  onProgress({ kind: 'stage', stage: 'readingEmbeddings' });
  // Unlabelled products are classified, never trained or judged on.
  const rows = (await readDatasetRows(db, request.datasetId)).filter((row) =>
    isLabelled(row.category),
  );
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
    views,
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
  if (request.fineTune && request.kind === 'concat')
    throw appError('InvalidInput', 'Fine-tuning works with photo-only and late-fusion models');
  if (request.fineTune && !deps.cut)
    throw appError('InvalidInput', `The image model ${spec.id} cannot be fine-tuned`);

  const imageDims = spec.dimensions;
  const width = request.kind === 'concat' ? imageDims + CONCAT_TEXT_DIMS + 2 : imageDims;
  const train = examples(request.kind, inputs, split.train, classes, imageDims, true);
  if (!train.rows.length)
    throw appError(
      'EmptyDataset',
      `No training row of "${dataset.name}" has an embedded photo${request.kind === 'concat' ? ' or a text' : ''}: embed the photos first`,
    );
  // Validation sees each product once, as it will be classified (views averaged, both modalities).
  const classifiedView = inputs.map((input) => ({
    ...input,
    images: input.classified ? [input.classified] : [],
  }));
  const validation = examples(
    request.kind,
    classifiedView,
    split.validation,
    classes,
    imageDims,
    false,
  );
  let weights: SavedTensor[];
  let epochs = 1;
  let bestEpoch = 1;
  let tuned: FineTunedPhotoModel | null = null;
  if (request.fineTune && deps.cut) {
    tuned = await fineTunePhotoModel(
      db,
      signal,
      {
        datasetId: request.datasetId,
        backbone: spec.id,
        cut: deps.cut,
        rows,
        classes,
        classCount: labels.length,
        split,
        views,
        options: {
          seed: request.seed,
          ...(request.fineTuneEpochs ? { epochs: request.fineTuneEpochs } : {}),
        },
      },
      onProgress,
    );
    weights = tuned.head;
    epochs = tuned.top.epochs;
    bestEpoch = epochs;
  } else if (request.kind !== 'concat' && request.hidden === 0) {
    weights = await probeHead(signal, train, width, labels.length, onProgress);
  } else {
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
    weights = fitted.weights;
    epochs = fitted.epochs;
    bestEpoch = fitted.bestEpoch;
  }

  onProgress({ kind: 'stage', stage: 'evaluating' });
  const runtime: FusedRuntime = {
    record: {
      kind: request.kind,
      labels,
      weights,
      imageWeight: 1,
      textDims: request.kind === 'concat' ? CONCAT_TEXT_DIMS : 0,
    },
    imageDims,
    text,
  };
  // Each held-out product as it is classified: views averaged, under the tuned top if any.
  const features = (ids: readonly number[]): ProductFeatures[] =>
    ids.map((i) => ({
      image: tuned ? (tuned.features[i] ?? null) : (inputs[i]?.classified ?? null),
      text: inputs[i]?.text ?? '',
    }));
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
    weights,
    hidden: tuned ? 0 : request.hidden,
    textModelId: request.kind === 'late' ? request.textModelId : null,
    imageWeight,
    textDims: runtime.record.textDims,
    augmentViews: request.augmentViews,
    epochs,
    bestEpoch,
    views,
    top: tuned?.top ?? null,
    backend,
    trainMs: performance.now() - started,
    evaluation: {
      metrics: computeMetrics(truth, predicted, labels),
      testRows: truth.length,
      trainRows: tuned?.trainRows ?? train.rows.length,
      validationRows: tuned?.validationRows ?? validation.rows.length,
    },
    skipped,
  };
  await db
    .put('imageModels', record)
    .catch(rethrowQuota('Browser storage is full: the photo model could not be saved.'));
  return record;
}
