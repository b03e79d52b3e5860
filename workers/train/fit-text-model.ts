import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type {
  EpochSummary,
  LossKind,
  TrainCheckpoint,
  TrainOptions,
  TrainProgress,
  Sampling,
} from '@shared/contracts/train.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';

export type { TrainCheckpoint };
import {
  FeatureIndex,
  featureCount,
  fitFeatureSpace,
  type FeatureSpace,
} from '../text/feature-space.ts';
import type { SegmentedRows } from '../text/segmented-rows.ts';
import { DEFAULT_TOKENIZER } from '../text/tokenize.ts';
import { lazyAdamStep } from '../model/lazy-adam.ts';
import { saveLinearModel, type LinearModel } from '../model/linear-model.ts';
import { argmaxRows, predictSegmentedLogits } from '../model/predict.ts';
import { ProductBuilder } from '../model/sparse-product.ts';
import { TrainingTable } from '../model/weight-table.ts';
import { predictTextLogits } from '../model/predict-texts.ts';
import { rowLoss, trainingLossAndGradient } from '../model/losses.ts';
import { computeMetrics } from '@shared/metrics.ts';
import { classWeightsFor } from '../model/class-weights.ts';
import { epochOrder } from './epoch-order.ts';
import { yieldToMessages } from '../yield-to-messages.ts';

export interface LabelledTexts {
  texts: readonly string[];
  /** Class id of each text, an index into `FitInput.labels`. */
  classes: readonly number[];
}

export interface FitInput {
  labels: readonly string[];
  train: LabelledTexts;
  validation: LabelledTexts;
  options: TrainOptions;
  /** Continue an interrupted run from its last checkpoint. */
  resume?: TrainCheckpoint;
  /** Start from a trained model's vocabulary and weights (retraining after corrections). */
  warmStart?: { space: FeatureSpace; weights: SavedTensor[] };
  /** Parts larger than this are vectorised batch by batch instead of once (KEPT_VECTOR_ROWS). */
  keptVectorRows?: number;
}

export interface FittedTextModel {
  space: FeatureSpace;
  weights: SavedTensor[];
  history: EpochSummary[];
  bestEpoch: number;
  /** True when the run was cancelled; the weights are then the best ones seen so far. */
  cancelled: boolean;
}

export interface FitHooks {
  onProgress?: (progress: TrainProgress) => void;
  onCheckpoint?: (checkpoint: TrainCheckpoint) => Promise<void>;
  /** Runs before every batch; throws to stop the run (a lost device, a leak, memory). */
  beforeBatch?: (epoch: number) => void;
}

const YIELD_INTERVAL_MS = 50;

/**
 * 'auto' gives every catalogue about the same number of optimiser steps: small catalogues get
 * more passes (at most 30), large ones fewer (at least 6). Measured on the benchmark splits,
 * 2,000 steps of 64 rows reach the optimum for 800 to 25,000 products.
 */
export function resolveEpochs(
  options: Pick<TrainOptions, 'epochs' | 'batchSize'>,
  trainRows: number,
): number {
  if (options.epochs !== 'auto') return options.epochs;
  const stepsPerEpoch = Math.max(1, Math.ceil(trainRows / options.batchSize));
  return Math.min(
    AUTO_MAX_EPOCHS,
    Math.max(AUTO_MIN_EPOCHS, Math.ceil(AUTO_TARGET_STEPS / stepsPerEpoch)),
  );
}

const AUTO_TARGET_STEPS = 2000;
/** The linear schedule ends here rather than at zero, so late batches still count a little. */
const FINAL_RATE_SHARE = 0.05;

/** Learning rate at `progress` (0 at the first batch, 1 after the last). */
export function scheduledRate(
  options: Pick<TrainOptions, 'learningRate' | 'schedule'>,
  progress: number,
): number {
  if (options.schedule === 'constant') return options.learningRate;
  return options.learningRate * Math.max(FINAL_RATE_SHARE, 1 - progress);
}
const AUTO_MIN_EPOCHS = 6;

/**
 * Checkpoints cost at most about 1 / CHECKPOINT_COST_SHARE of the run's time. A checkpoint
 * writes the whole weight table to IndexedDB (33 MB for 65,000 features and 126 categories),
 * which can take longer than an epoch of a small catalogue: the app trained openbg-zh's 30
 * epochs about 1.5 times slower than the bench did when it wrote one after every epoch.
 */
const CHECKPOINT_COST_SHARE = 10;
/** Writes quicker than this are not worth skipping: small catalogues checkpoint every epoch. */
const CHEAP_CHECKPOINT_MS = 100;

/** When the next epoch's checkpoint is due: after every epoch, unless writing one takes long. */
export class CheckpointPace {
  private lastEnd = Number.NEGATIVE_INFINITY;
  private lastCost = 0;

  due(now = performance.now()): boolean {
    const cost = this.lastCost < CHEAP_CHECKPOINT_MS ? 0 : this.lastCost;
    return now - this.lastEnd >= CHECKPOINT_COST_SHARE * cost;
  }

  done(started: number, now = performance.now()): void {
    this.lastCost = now - started;
    this.lastEnd = now;
  }
}
const AVERAGE_EVERY_BATCHES = 8;
const AUTO_MAX_EPOCHS = 30;

function validateInput(input: FitInput): void {
  const { labels, train, validation } = input;
  if (train.texts.length === 0) throw appError('EmptyDataset', 'no training rows');
  for (const [name, part] of [
    ['train', train],
    ['validation', validation],
  ] as const) {
    if (part.texts.length !== part.classes.length) {
      throw appError(
        'InvalidInput',
        `${name}: ${part.texts.length} texts but ${part.classes.length} classes`,
      );
    }
    const bad = part.classes.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= labels.length);
    if (bad >= 0)
      throw appError(
        'InvalidInput',
        `${name} row ${bad}: class id ${part.classes[bad]} is outside 0..${labels.length - 1}`,
      );
  }
  validateOptions(input.options);
}

function validateOptions(options: TrainOptions): void {
  const { epochs, batchSize, learningRate } = options;
  if (!((epochs === 'auto' || epochs >= 1) && batchSize >= 1 && learningRate > 0)) {
    throw appError(
      'InvalidInput',
      `epochs (${epochs}), batchSize (${batchSize}) and learningRate (${learningRate}) must be positive`,
    );
  }
}

interface Evaluation {
  loss: number;
  accuracy: number;
  macroF1: number;
}

/**
 * Sparse rows of a part of the split by position: vectorised once into one compact block and
 * kept when the part is small enough, otherwise vectorised again whenever asked (the same
 * rows, so the same model, at the cost of tokenising each text once per epoch).
 */
class PartRows {
  readonly kept: SegmentedRows | null;

  constructor(
    private readonly index: FeatureIndex,
    private readonly texts: readonly string[],
    keptRows: number,
  ) {
    this.kept = texts.length <= keptRows ? index.vectorizeAll(texts) : null;
  }

  get size(): number {
    return this.texts.length;
  }

  /** The rows at `positions`, vectorised (only when they are not kept). */
  vectorize(positions: Int32Array): SegmentedRows {
    return this.index.vectorizeAll(Array.from(positions, (p) => this.texts[p] as string));
  }

  logits(model: LinearModel): Promise<Float32Array> {
    return this.kept
      ? predictSegmentedLogits(model, this.kept)
      : predictTextLogits(model, this.index, this.texts);
  }
}

/** Up to this many rows per part, sparse vectors are computed once and kept in memory. */
export const KEPT_VECTOR_ROWS = 200_000;

async function evaluate(
  model: LinearModel,
  source: TrainingSource,
  classes: readonly number[],
  lossKind: LossKind,
  labels: readonly string[],
): Promise<Evaluation> {
  if (classes.length === 0) return { loss: Number.NaN, accuracy: Number.NaN, macroF1: Number.NaN };
  const logits = await source.validationLogits(model);
  const width = model.classCount;
  let lossSum = 0;
  classes.forEach((truth, r) => {
    lossSum += rowLoss(lossKind, logits, r * width, width, truth);
  });
  const metrics = computeMetrics(classes, argmaxRows(logits, width), labels);
  return { loss: lossSum / classes.length, accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
}

/** The rows of one optimiser step, vectorised, with their class ids. */
export interface TrainBatch {
  /** The batch is rows `ids` of `rows`, in that order, or all of `rows` when `ids` is null. */
  rows: SegmentedRows;
  ids: Int32Array | null;
  classes: Int32Array;
}

/**
 * Where a run's batches and validation scores come from: texts held in memory, or (for
 * catalogues too large for that) read from storage chunk by chunk.
 */
export interface TrainingSource {
  /** Class id of every training row, in any order: sizes the run and weighs the classes. */
  readonly trainClasses: ArrayLike<number> & Iterable<number>;
  /** Class ids of the validation rows, in the order of `validationLogits`. */
  validationClasses(): readonly number[];
  /** The epoch's batches in order: ceil(trainClasses.length / batchSize) of them. */
  epochBatches(epoch: number, batchSize: number, sampling: Sampling, seed: number): BatchStream;
  validationLogits(model: LinearModel): Promise<Float32Array>;
}

export interface BatchStream {
  next(): TrainBatch | Promise<TrainBatch>;
}

/** Training and validation texts in memory, their sparse rows kept when small enough. */
function inMemorySource(
  index: FeatureIndex,
  train: LabelledTexts,
  validation: LabelledTexts,
  keptRows: number,
): TrainingSource {
  const trainRows = new PartRows(index, train.texts, keptRows);
  const validationRows = new PartRows(index, validation.texts, keptRows);
  return {
    trainClasses: train.classes,
    validationClasses: () => validation.classes,
    epochBatches(epoch, batchSize, sampling, seed) {
      const order = Int32Array.from(epochOrder(train.classes, sampling, seed, epoch));
      let start = 0;
      return {
        next() {
          const ids = order.subarray(start, (start += batchSize));
          const classes = Int32Array.from(ids, (i) => train.classes[i] as number);
          return trainRows.kept
            ? { rows: trainRows.kept, ids, classes }
            : { rows: trainRows.vectorize(ids), ids: null, classes };
        },
      };
    },
    validationLogits: (model) => validationRows.logits(model),
  };
}

/**
 * Trains the n-gram text classifier: fits the feature space on the training texts, then runs
 * Adam over shuffled batches with early stopping on validation loss, checkpointing each epoch.
 * Cancelling stops at the next batch and returns the best weights so far.
 * @throws EmptyDataset, InvalidInput
 */
export async function fitTextModel(
  signal: AbortSignal | undefined,
  input: FitInput,
  hooks: FitHooks = {},
): Promise<FittedTextModel> {
  validateInput(input);
  hooks.onProgress?.({ kind: 'prepare', stage: 'vocabulary' });
  const space =
    input.resume?.space ??
    input.warmStart?.space ??
    fitFeatureSpace(input.train.texts, DEFAULT_TOKENIZER);
  hooks.onProgress?.({ kind: 'prepare', stage: 'vectorising' });
  const keptRows = input.keptVectorRows ?? KEPT_VECTOR_ROWS;
  const source = inMemorySource(new FeatureIndex(space), input.train, input.validation, keptRows);
  throwIfAborted(signal);
  return fitFromSource(signal, space, source, input, hooks);
}

/**
 * The training loop of `fitTextModel` over any source of batches, with a feature space
 * already fitted (or carried over from a checkpoint or a base model).
 */
export async function fitFromSource(
  signal: AbortSignal | undefined,
  space: FeatureSpace,
  source: TrainingSource,
  input: Pick<FitInput, 'labels' | 'options' | 'resume' | 'warmStart'>,
  hooks: FitHooks = {},
): Promise<FittedTextModel> {
  const { options, labels } = input;
  const { onProgress, onCheckpoint, beforeBatch } = hooks;
  const trainSize = source.trainClasses.length;
  if (trainSize === 0) throw appError('EmptyDataset', 'no training rows');
  validateOptions(options);
  const validationClasses = source.validationClasses();
  const classCount = labels.length;
  const epochs = resolveEpochs(options, trainSize);
  const classWeights = classWeightsFor(options.classWeighting, source.trainClasses, classCount);
  // Moments start afresh on resume: saving them would triple every checkpoint.
  const table = new TrainingTable(
    featureCount(space),
    classCount,
    options.averageWeights,
    input.resume?.weights ?? input.warmStart?.weights,
  );
  const builder = new ProductBuilder(table.featureCount);
  const adam = { learningRate: options.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const history: EpochSummary[] = [...(input.resume?.history ?? [])];
  let bestEpoch = input.resume?.bestEpoch ?? 0;
  let bestWeights: SavedTensor[] | null = input.resume
    ? (input.resume.bestWeights ?? input.resume.weights)
    : null;
  let bestLoss =
    history.find((h) => h.epoch === bestEpoch)?.validationLoss ?? Number.POSITIVE_INFINITY;
  // Without validation rows every epoch is the best so far, and only a checkpoint reads its
  // weights: the table is copied when one is due, and once at the end, not after every epoch.
  const evaluates = validationClasses.length > 0;
  let bestIsLatest = false;
  let evaluatedBuffer: Float32Array | null = null;
  const startEpoch = (input.resume?.epoch ?? 0) + 1;
  const batches = Math.ceil(trainSize / options.batchSize);
  let cancelled = false;
  const clock = new ProgressClock();
  const checkpoints = new CheckpointPace();
  let lastYield = performance.now();
  /** The weights kept so far: the running average once it has snapshots, a copy. */
  const evaluatedModel = (): LinearModel =>
    table.currentModel((evaluatedBuffer ??= new Float32Array(table.rows * classCount)));

  for (let epoch = startEpoch; epoch <= epochs && !cancelled; epoch++) {
    const stream = source.epochBatches(
      epoch,
      options.batchSize,
      options.sampling ?? 'shuffle',
      options.seed,
    );
    const epochStart = performance.now();
    let lossSum = 0;
    let lossBatches = 0;
    for (let b = 0; b < batches; b++) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      beforeBatch?.(epoch);
      const next = await stream.next();
      const size = next.ids ? next.ids.length : next.rows.rowCount;
      if (size === 0) continue;
      const product = builder.build(next.rows, next.ids, 0, size, true);
      const batchClasses = next.classes;
      const loss = await lazyAdamStep(
        table,
        product,
        (logits) =>
          trainingLossAndGradient(
            options.loss,
            logits,
            tf.tensor1d(batchClasses, 'int32'),
            classWeights
              ? tf.tensor1d(Float32Array.from(batchClasses, (c) => classWeights[c] ?? 1))
              : undefined,
            options.labelSmoothing,
          ),
        { ...adam, learningRate: scheduledRate(options, (epoch - 1 + b / batches) / epochs) },
        options.l2,
      );
      lossSum += loss;
      lossBatches++;
      // Tail averaging: the mean of the iterates over the second half of the run generalises
      // better than the last one. Snapshots every few batches rather than once per epoch
      // add +0.5 to +1 point macro-F1 on myntra, mostly on its small categories.
      if (
        options.averageWeights &&
        epoch > Math.floor(epochs / 2) &&
        ((b + 1) % AVERAGE_EVERY_BATCHES === 0 || b === batches - 1)
      ) {
        table.snapshot();
      }
      const now = performance.now();
      if (onProgress && clock.due()) {
        const done = (epoch - startEpoch) * batches + b + 1;
        const total = (epochs - startEpoch + 1) * batches;
        onProgress({
          kind: 'batch',
          epoch,
          epochs: epochs,
          batch: b + 1,
          batches,
          loss,
          etaMs: clock.remainingMs(done, total) ?? 0,
        });
      }
      if (now - lastYield > YIELD_INTERVAL_MS) {
        await yieldToMessages();
        lastYield = performance.now();
      }
    }
    const loss = lossBatches ? lossSum / lossBatches : Number.NaN;
    if (cancelled) break;

    const checkpointDue = Boolean(onCheckpoint) && checkpoints.due();
    const evaluated = evaluates || checkpointDue ? evaluatedModel() : null;
    const validation = evaluated
      ? await evaluate(evaluated, source, validationClasses, options.loss, labels)
      : { loss: Number.NaN, accuracy: Number.NaN, macroF1: Number.NaN };
    const summary: EpochSummary = {
      epoch,
      loss,
      validationLoss: validation.loss,
      validationAccuracy: validation.accuracy,
      validationMacroF1: validation.macroF1,
      elapsedMs: performance.now() - epochStart,
    };
    history.push(summary);
    // Without a validation set every epoch counts as the best: training runs to `epochs`.
    const improved = !(validation.loss >= bestLoss);
    const weights = evaluated ? saveLinearModel(evaluated) : null;
    if (improved) {
      bestLoss = validation.loss;
      bestEpoch = epoch;
      bestWeights = weights;
      bestIsLatest = !weights;
    }
    onProgress?.({
      kind: 'epoch',
      epochs: epochs,
      summary,
      etaMs: clock.remainingMs(epoch - startEpoch + 1, epochs - startEpoch + 1) ?? 0,
    });
    if (onCheckpoint && weights && checkpointDue) {
      const writing = performance.now();
      await onCheckpoint({
        epoch,
        space,
        weights,
        bestEpoch,
        bestWeights: improved ? null : bestWeights,
        history: [...history],
      });
      checkpoints.done(writing);
      onProgress?.({ kind: 'checkpoint', epoch });
    }
    if (epoch - bestEpoch >= options.patience) break;
  }
  // The kept weights of the last epoch (or of the batches run, when cancelled in the first).
  const finalWeights = (): SavedTensor[] => [
    { name: 'weights', shape: [table.rows, classCount], data: table.meanInto() },
  ];
  if (bestIsLatest && !bestWeights) bestWeights = finalWeights();
  const weights = bestWeights ?? finalWeights();
  return { space, weights, history, bestEpoch, cancelled };
}
