import * as tf from '@tensorflow/tfjs';
import { gatherRows, type LocalBatch } from './local-batch.ts';
import type { LinearModel } from './linear-model.ts';

/**
 * Adam whose moments are updated only for the table rows a batch touches, as TensorFlow's
 * LazyAdamOptimizer does. TF.js computes the loss and its gradient for those rows; the update
 * is applied in place here because TF.js has no in-place sparse update: a dense Adam step
 * would rewrite every row of the table (tens of millions of values) on every batch, and
 * gathering and scattering the moments through the backend cost more than the step itself
 * (measured on wasm: about 45 ms per batch of 64 titles against 10 ms this way).
 */
export interface LazyAdamState {
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  step: number;
}

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export function createLazyAdam(model: LinearModel): LazyAdamState {
  const size = model.weights.length;
  return { firstMoment: new Float32Array(size), secondMoment: new Float32Array(size), step: 0 };
}

/** A training loss of the batch's logits; must return a scalar. */
export type LossOfLogits = (logits: tf.Tensor2D) => tf.Scalar;

/** The gradient of the loss with respect to the batch's rows of the table, and the loss. */
export async function blockGradient(
  model: LinearModel,
  batch: LocalBatch,
  lossOf: LossOfLogits,
  l2 = 0,
): Promise<{ loss: number; gradient: Float32Array }> {
  const width = model.classCount;
  const rows = batch.tableRows.length;
  const [loss, gradient] = tf.tidy(() => {
    const features = tf.tensor2d(batch.features, [batch.size, rows]);
    const weights = tf.tensor2d(gatherRows(model.weights, width, batch.tableRows), [rows, width]);
    // The chain rule by hand for the one matMul: its weight gradient is featuresᵀ · dLoss/dLogits,
    // and wasm's matMul with transposeA is about five times slower than on a transposed copy.
    const { value, grad } = tf.valueAndGrad((logits: tf.Tensor) => lossOf(logits as tf.Tensor2D))(
      tf.matMul(features, weights),
    );
    const lossGradient = tf.matMul(features.transpose(), grad as tf.Tensor2D);
    // L2 on the rows the batch uses ("lazy" weight decay, as sparse linear learners do).
    return [value, l2 > 0 ? lossGradient.add(weights.mul(l2)) : lossGradient];
  });
  try {
    const [lossData, gradientData] = await Promise.all([loss.data(), gradient.data()]);
    return { loss: lossData[0] ?? Number.NaN, gradient: gradientData as Float32Array };
  } finally {
    tf.dispose([loss, gradient]);
  }
}

/** Applies one Adam update to the given table rows, in place. */
export function applyLazyAdam(
  model: LinearModel,
  state: LazyAdamState,
  tableRows: Int32Array,
  gradient: Float32Array,
  { learningRate, beta1, beta2, epsilon }: AdamSettings,
): void {
  state.step += 1;
  const stepSize = (learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
  const width = model.classCount;
  const { weights } = model;
  const { firstMoment, secondMoment } = state;
  for (let i = 0; i < tableRows.length; i++) {
    const base = (tableRows[i] as number) * width;
    const gradientBase = i * width;
    for (let c = 0; c < width; c++) {
      const g = gradient[gradientBase + c] as number;
      const m = beta1 * (firstMoment[base + c] as number) + (1 - beta1) * g;
      const v = beta2 * (secondMoment[base + c] as number) + (1 - beta2) * g * g;
      firstMoment[base + c] = m;
      secondMoment[base + c] = v;
      weights[base + c] = (weights[base + c] as number) - (stepSize * m) / (Math.sqrt(v) + epsilon);
    }
  }
}

/** Runs one training step on a batch and returns its loss. */
export async function lazyAdamStep(
  model: LinearModel,
  state: LazyAdamState,
  batch: LocalBatch,
  lossOf: LossOfLogits,
  settings: AdamSettings,
  l2 = 0,
): Promise<number> {
  const { loss, gradient } = await blockGradient(model, batch, lossOf, l2);
  applyLazyAdam(model, state, batch.tableRows, gradient, settings);
  return loss;
}
