import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '@shared/errors.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';
import { ProgressClock } from '@shared/progress.ts';
import {
  createDenseParams,
  networkLogits,
  type DenseParams,
  type NetworkShape,
} from './deep-network.ts';
import { SequenceBatcher } from './sequence-batch.ts';
import { SparseAdam } from './sparse-rows.ts';
import type { PositionType } from './subword-vocab.ts';
import type { LossKind } from '@shared/contracts/train.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { trainingLoss } from '../model/losses.ts';
import { yieldToMessages } from '../yield-to-messages.ts';

export interface DeepTrainOptions {
  /** 'auto' gives every catalogue about the same number of steps (see `resolveDeepEpochs`). */
  epochs: number | 'auto';
  batchSize: number;
  learningRate: number;
  /** Adam's rate for the embedding rows; 0 keeps the (pretrained) embedding frozen. */
  embeddingRate: number;
  dropout: number;
  labelSmoothing: number;
  /** 'linear' decays both rates towards zero over the run. */
  schedule: 'constant' | 'linear';
  seed: number;
  loss: LossKind;
}

export const DEFAULT_DEEP_TRAIN_OPTIONS: DeepTrainOptions = {
  epochs: 'auto',
  batchSize: 64,
  learningRate: 0.005,
  embeddingRate: 0.005,
  dropout: 0.3,
  labelSmoothing: 0,
  schedule: 'linear',
  seed: 42,
  loss: 'softmax',
};

export interface DeepTrainInput {
  shape: NetworkShape;
  types: readonly PositionType[];
  /** Row-major [unitCount, dim]: pretrained vectors, or a random start. Updated in place. */
  units: Float32Array;
  texts: readonly Int32Array[];
  classes: readonly number[];
}

export interface DeepProgress {
  epoch: number;
  epochs: number;
  done: number;
  loss: number;
  etaMs: number | null;
}

export interface TrainedNetwork {
  shape: NetworkShape;
  units: Float32Array;
  params: DenseParams;
  losses: number[];
}

/** Steps 'auto' aims at, and the bounds on its epochs (small catalogues get more passes). */
const AUTO_TARGET_STEPS = 800;
const AUTO_MIN_EPOCHS = 3;
const AUTO_MAX_EPOCHS = 20;

export function resolveDeepEpochs(
  epochs: number | 'auto',
  rows: number,
  batchSize: number,
): number {
  if (epochs !== 'auto') return epochs;
  const batches = Math.max(1, Math.ceil(rows / batchSize));
  return Math.min(
    AUTO_MAX_EPOCHS,
    Math.max(AUTO_MIN_EPOCHS, Math.round(AUTO_TARGET_STEPS / batches)),
  );
}

export function widestWindow(shape: NetworkShape): number {
  return shape.architecture === 'cnn' ? Math.max(...shape.widths) : 1;
}

export async function trainDeepClassifier(
  signal: AbortSignal | undefined,
  input: DeepTrainInput,
  options: DeepTrainOptions = DEFAULT_DEEP_TRAIN_OPTIONS,
  onProgress?: (progress: DeepProgress) => void,
): Promise<TrainedNetwork> {
  const { shape, units } = input;
  const unitCount = units.length / shape.dim;
  const params = createDenseParams(shape, options.seed);
  const optimizer = tf.train.adam(options.learningRate);
  const unitOptimizer = new SparseAdam(units, shape.dim);
  const batcher = new SequenceBatcher(input.types, unitCount);
  const random = createRandom(options.seed);
  const n = input.texts.length;
  const batches = Math.ceil(n / options.batchSize);
  const epochs = resolveDeepEpochs(options.epochs, n, options.batchSize);
  const total = batches * epochs;
  const names = Object.keys(params);
  const losses: number[] = [];
  const clock = new ProgressClock();
  let steps = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochBatches = lengthBucketedBatches(input.texts, options.batchSize, random);
    let lossSum = 0;
    for (let b = 0; b < epochBatches.length; b++) {
      throwIfAborted(signal);
      const ids = epochBatches[b] as number[];
      const batch = batcher.batch(
        ids.map((i) => input.texts[i] as Int32Array),
        widestWindow(shape),
      );
      const share = options.schedule === 'linear' ? Math.max(0.05, 1 - steps / total) : 1;
      // TF.js's Adam reads its rate from this field at every step; it has no public setter.
      (optimizer as unknown as { learningRate: number }).learningRate =
        options.learningRate * share;
      const classes = ids.map((i) => input.classes[i] as number);
      const [loss, unitGradient, denseGradients] = tf.tidy(() => {
        const unitBlock = tf.tensor2d(gatherBlock(units, shape.dim, batch.unitRows), [
          batch.unitRows.length,
          shape.dim,
        ]);
        const classTensor = tf.tensor1d(classes, 'int32');
        const lossOf = (...tensors: tf.Tensor[]) => {
          const dense: DenseParams = {};
          names.forEach((name, i) => (dense[name] = tensors[i + 1] as tf.Variable));
          const logits = networkLogits(
            shape,
            dense,
            batch,
            tensors[0] as tf.Tensor2D,
            options.dropout,
            options.seed * 1_000_003 + steps,
          );
          return trainingLoss(options.loss, logits, classTensor, undefined, options.labelSmoothing);
        };
        const { value, grads } = tf.valueAndGrads(lossOf)([
          unitBlock,
          ...names.map((name) => params[name] as tf.Tensor),
        ]);
        return [value, grads[0] as tf.Tensor, grads.slice(1)];
      });
      optimizer.applyGradients(
        Object.fromEntries(
          names.map((name, i) => [
            (params[name] as tf.Variable).name,
            denseGradients[i] as tf.Tensor,
          ]),
        ) as never,
      );
      if (options.embeddingRate > 0) {
        unitOptimizer.apply(
          batch.unitRows,
          (await unitGradient.data()) as Float32Array,
          options.embeddingRate * share,
        );
      }
      lossSum += (await loss.data())[0] as number;
      tf.dispose([loss, unitGradient, ...denseGradients]);
      steps++;
      if (onProgress && clock.due(steps === total)) {
        onProgress({
          epoch,
          epochs,
          done: steps / total,
          loss: lossSum / (b + 1),
          etaMs: clock.remainingMs(steps, total),
        });
        await yieldToMessages();
      }
    }
    losses.push(lossSum / epochBatches.length);
  }
  optimizer.dispose();
  return { shape, units, params, losses };
}

/** Batches per bucket of similar lengths. */
const BUCKET_BATCHES = 16;

/**
 * A shuffled epoch cut into batches of texts of similar length, so that little of each batch
 * is padding (titles vary from 2 to 30 words): shuffle, sort each run of a few batches by
 * length, cut, then shuffle the batches.
 */
export function lengthBucketedBatches(
  texts: readonly Int32Array[],
  batchSize: number,
  random: () => number,
): number[][] {
  const order = shuffleInPlace(
    Array.from({ length: texts.length }, (_, i) => i),
    random,
  );
  const span = batchSize * BUCKET_BATCHES;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += span) {
    const bucket = order.slice(start, start + span);
    bucket.sort((a, b) => (texts[a] as Int32Array).length - (texts[b] as Int32Array).length);
    for (let i = 0; i < bucket.length; i += batchSize) batches.push(bucket.slice(i, i + batchSize));
  }
  return shuffleInPlace(batches, random);
}

function gatherBlock(table: Float32Array, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(table.subarray(row * width, row * width + width), i * width));
  return out;
}

const PREDICT_BATCH = 256;

/** Dense layers on the backend, or as plain arrays (uploaded for each batch, so nothing to free). */
export type DenseWeights = DenseParams | readonly SavedTensor[];

function denseOnBackend(weights: DenseWeights): DenseParams {
  if (!Array.isArray(weights)) return weights as DenseParams;
  return Object.fromEntries(
    (weights as readonly SavedTensor[]).map((t) => [
      t.name,
      tf.tensor(t.data, t.shape) as tf.Variable,
    ]),
  );
}

/** Logits [texts.length, classCount], row-major. */
export async function deepLogits(
  network: { shape: NetworkShape; units: Float32Array; params: DenseWeights },
  types: readonly PositionType[],
  texts: readonly Int32Array[],
): Promise<Float32Array> {
  const { shape, units, params } = network;
  const batcher = new SequenceBatcher(types, units.length / shape.dim);
  const out = new Float32Array(texts.length * shape.classCount);
  for (let start = 0; start < texts.length; start += PREDICT_BATCH) {
    const batch = batcher.batch(texts.slice(start, start + PREDICT_BATCH), widestWindow(shape));
    const logits = tf.tidy(() => {
      const block = tf.tensor2d(gatherBlock(units, shape.dim, batch.unitRows), [
        batch.unitRows.length,
        shape.dim,
      ]);
      return networkLogits(shape, denseOnBackend(params), batch, block, 0);
    });
    out.set((await logits.data()) as Float32Array, start * shape.classCount);
    logits.dispose();
  }
  return out;
}
