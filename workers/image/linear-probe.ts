import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { variableOf } from './head.ts';

/**
 * The photo head chosen on validation photos (docs/BENCHMARKS.md, "Photo models: what each
 * step is worth"): L2-normalised embeddings, standardised per dimension, into a softmax layer
 * with an L2 penalty, trained full-batch with Adam for a fixed number of steps.
 */
export interface ProbeOptions {
  /** Weight of the squared L2 norm of the weights in the loss. */
  l2: number;
  steps: number;
  learningRate: number;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = { l2: 1e-3, steps: 400, learningRate: 0.01 };

/** Per-dimension mean and standard deviation of row-major rows. */
export interface Standardiser {
  mean: Float32Array;
  std: Float32Array;
}

export function fitStandardiser(x: Float32Array, width: number): Standardiser {
  const rows = Math.floor(x.length / width);
  if (rows === 0) throw appError('EmptyDataset', 'No training rows have usable features');
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < width; i++) {
      const v = x[r * width + i] as number;
      sum[i] = (sum[i] as number) + v;
      squares[i] = (squares[i] as number) + v * v;
    }
  const mean = new Float32Array(width);
  const variance = new Float64Array(width);
  let meanVariance = 0;
  for (let i = 0; i < width; i++) {
    const m = (sum[i] as number) / rows;
    mean[i] = m;
    variance[i] = Math.max(0, (squares[i] as number) / rows - m * m);
    meanVariance += (variance[i] as number) / width;
  }
  // A floor of 1% of the mean variance: a dimension (nearly) constant on the training photos,
  // such as a unit the frozen network never fires, must not blow up once it varies (after
  // fine-tuning, or on a new photo).
  const floor = 0.01 * meanVariance + 1e-12;
  const std = Float32Array.from(variance, (v) => Math.sqrt(v + floor));
  return { mean, std };
}

export interface LinearHead {
  /** [width, classes], row-major. */
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * Folds the standardisation into the head: ((x − mean) / std)·W + b = x·(W / std) + b′, so the
 * stored head reads plain L2-normalised embeddings, as every photo head does.
 */
export function foldStandardiser(
  head: LinearHead,
  { mean, std }: Standardiser,
  classes: number,
): SavedTensor[] {
  const width = mean.length;
  const kernel = new Float32Array(width * classes);
  const bias = Float32Array.from(head.bias);
  for (let i = 0; i < width; i++) {
    const scale = 1 / (std[i] as number);
    for (let c = 0; c < classes; c++) {
      const w = (head.kernel[i * classes + c] as number) * scale;
      kernel[i * classes + c] = w;
      bias[c] = (bias[c] as number) - (mean[i] as number) * w;
    }
  }
  return [
    { name: 'w', shape: [width, classes], data: kernel },
    { name: 'b', shape: [classes], data: bias },
  ];
}

/** The standardiser as a tensor function; call inside tf.tidy. */
export const standardise = (x: tf.Tensor2D, mean: tf.Tensor1D, std: tf.Tensor1D) =>
  tf.div(tf.sub(x, mean), std) as tf.Tensor2D;

/**
 * A softmax layer on standardised rows (zeros to start, so the result depends only on the data),
 * full-batch Adam. Frees every tensor it makes; cancel stops before the next step.
 */
export async function fitLinearProbe(
  signal: AbortSignal | undefined,
  x: Float32Array,
  labels: Int32Array,
  width: number,
  classes: number,
  options: ProbeOptions = DEFAULT_PROBE_OPTIONS,
  onStep: (step: number) => void = () => undefined,
): Promise<LinearHead> {
  const rows = labels.length;
  if (rows === 0 || x.length !== rows * width)
    throw appError('InvalidInput', `${x.length} values do not make ${rows} rows of ${width}`);
  const kernel = variableOf(tf.zeros([width, classes]));
  const bias = variableOf(tf.zeros([classes]));
  const inputs = tf.tensor2d(x, [rows, width]);
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const optimizer = tf.train.adam(options.learningRate);
  try {
    for (let step = 1; step <= options.steps; step++) {
      throwIfAborted(signal);
      optimizer.minimize(
        () =>
          tf.add(
            tf.losses.softmaxCrossEntropy(targets, tf.add(tf.matMul(inputs, kernel), bias)),
            tf.mul(tf.sum(tf.square(kernel)), options.l2),
          ) as tf.Scalar,
        false,
        [kernel, bias],
      );
      if (step % 25 === 0) {
        // Lets a cancel through and keeps the progress moving without syncing every step.
        await bias.data();
        onStep(step);
      }
    }
    return {
      kernel: (await kernel.data()) as Float32Array,
      bias: (await bias.data()) as Float32Array,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([kernel, bias, inputs, targets]);
  }
}
