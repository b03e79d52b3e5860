import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';
import type { ImageJobProgress } from '@shared/contracts/image.ts';

/** Examples as a dense row-major matrix with a class id per row. */
export interface DenseSet {
  x: Float32Array;
  y: Int32Array;
}

export interface HeadOptions {
  classCount: number;
  width: number;
  /** Hidden ReLU units; 0 trains a linear softmax head. */
  hidden: number;
  maxEpochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weight matrices. */
  l2: number;
  dropout: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
}

export const DEFAULT_HEAD_OPTIONS: Omit<HeadOptions, 'classCount' | 'width' | 'seed'> = {
  hidden: 0,
  maxEpochs: 100,
  // 128 halves the steps of 64 for the same validation accuracy within a few epochs.
  batchSize: 128,
  learningRate: 0.01,
  l2: 1e-4,
  dropout: 0.3,
  patience: 8,
};

export interface FittedHead {
  weights: SavedTensor[];
  epochs: number;
  bestEpoch: number;
  validationAccuracy: number;
}

function rowsOf(set: DenseSet, width: number): number {
  return Math.floor(set.x.length / width);
}

/** A variable from an initial value; the value itself is freed (the variable keeps a copy). */
export function variableOf(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial);
  initial.dispose();
  return variable;
}

/** Seeded Glorot-uniform initialisation. */
function glorot(rows: number, cols: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  return variableOf(tf.randomUniform([rows, cols], -limit, limit, 'float32', seed));
}

type Params = tf.Variable[];

function forward(params: readonly tf.Tensor[], x: tf.Tensor2D, dropout = 0, seed = 0): tf.Tensor2D {
  if (params.length === 2)
    return tf.add(tf.matMul(x, params[0] as tf.Tensor2D), params[1] as tf.Tensor);
  let h = tf.relu(tf.add(tf.matMul(x, params[0] as tf.Tensor2D), params[1] as tf.Tensor));
  if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed);
  return tf.add(tf.matMul(h, params[2] as tf.Tensor2D), params[3] as tf.Tensor) as tf.Tensor2D;
}

export function savedParams(params: readonly tf.Tensor[]): SavedTensor[] {
  const names = params.length === 2 ? ['w', 'b'] : ['w1', 'b1', 'w2', 'b2'];
  return params.map((param, i) => ({
    name: names[i] as string,
    shape: param.shape,
    data: param.dataSync() as Float32Array,
  }));
}

/** Logits of a saved head for every row of `x`, row-major [rows, classes]. */
export async function headLogits(weights: readonly SavedTensor[], x: Float32Array, width: number) {
  const rows = Math.floor(x.length / width);
  const params = weights.map((w) => tf.tensor(w.data, w.shape));
  try {
    const logits = tf.tidy(() => forward(params, tf.tensor2d(x, [rows, width])));
    const out = (await logits.data()) as Float32Array;
    logits.dispose();
    return out;
  } finally {
    params.forEach((p) => p.dispose());
  }
}

function evaluate(params: Params, set: DenseSet, width: number, classCount: number) {
  return tf.tidy(() => {
    const rows = rowsOf(set, width);
    const logits = forward(params, tf.tensor2d(set.x, [rows, width]));
    const labels = tf.oneHot(tf.tensor1d(set.y, 'int32'), classCount);
    const loss = tf.losses.softmaxCrossEntropy(labels, logits).dataSync()[0] ?? 0;
    const hits =
      tf.equal(tf.argMax(logits, 1), tf.tensor1d(set.y, 'int32')).sum().dataSync()[0] ?? 0;
    return { loss, accuracy: rows ? hits / rows : 0 };
  });
}

/**
 * Trains a softmax head (linear, or one hidden ReLU layer with dropout) on embeddings with
 * Adam, seeded shuffles and initialisation, early stopping on the validation loss; returns
 * the best epoch's weights. Frees every tensor it makes; cancel stops at the next batch.
 */
export async function fitHead(
  signal: AbortSignal | undefined,
  train: DenseSet,
  validation: DenseSet,
  options: HeadOptions,
  onProgress: (progress: ImageJobProgress) => void = () => undefined,
): Promise<FittedHead> {
  const { width, classCount, hidden, seed } = options;
  const n = rowsOf(train, width);
  if (n === 0) throw appError('EmptyDataset', 'No training rows have usable features');
  if (train.y.length !== n)
    throw appError('InvalidInput', `train has ${n} rows but ${train.y.length} labels`);
  const params: Params =
    hidden > 0
      ? [
          glorot(width, hidden, seed),
          variableOf(tf.zeros([hidden])),
          glorot(hidden, classCount, seed + 1),
          variableOf(tf.zeros([classCount])),
        ]
      : [glorot(width, classCount, seed), variableOf(tf.zeros([classCount]))];
  const optimizer = tf.train.adam(options.learningRate);
  const random = createRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const hasValidation = rowsOf(validation, width) > 0;
  let best = { loss: Infinity, accuracy: 0, epoch: 0, weights: savedParams(params) };
  let epoch = 0;
  let step = 0;
  try {
    for (epoch = 1; epoch <= options.maxEpochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        throwIfAborted(signal);
        const ids = order.slice(start, start + options.batchSize);
        const bx = new Float32Array(ids.length * width);
        ids.forEach((id, r) => bx.set(train.x.subarray(id * width, (id + 1) * width), r * width));
        const by = Int32Array.from(ids, (id) => train.y[id] ?? 0);
        step += 1;
        const loss = optimizer.minimize(() => {
          const logits = forward(
            params,
            tf.tensor2d(bx, [ids.length, width]),
            options.dropout,
            seed + step,
          );
          const labels = tf.oneHot(tf.tensor1d(by, 'int32'), classCount);
          const penalty = params
            .filter((_, i) => i % 2 === 0)
            .reduce((sum, w) => sum.add(tf.sum(tf.square(w))), tf.scalar(0));
          return tf.losses
            .softmaxCrossEntropy(labels, logits)
            .add(penalty.mul(options.l2)) as tf.Scalar;
        }, true);
        lossSum += ((await loss?.data())?.[0] ?? 0) * ids.length;
        loss?.dispose();
      }
      const scored = hasValidation
        ? evaluate(params, validation, width, classCount)
        : { loss: lossSum / n, accuracy: 0 };
      onProgress({
        kind: 'train',
        epoch,
        epochs: options.maxEpochs,
        loss: lossSum / n,
        validationAccuracy: scored.accuracy,
      });
      if (scored.loss < best.loss) best = { ...scored, epoch, weights: savedParams(params) };
      else if (epoch - best.epoch >= options.patience) break;
    }
  } finally {
    optimizer.dispose();
    params.forEach((p) => p.dispose());
  }
  return {
    weights: best.weights,
    epochs: Math.min(epoch, options.maxEpochs),
    bestEpoch: best.epoch,
    validationAccuracy: best.accuracy,
  };
}
