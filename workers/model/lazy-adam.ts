import * as tf from '@tensorflow/tfjs';
import { gatherRows, scatterRows, type LocalBatch } from './local-batch.ts';
import type { LinearModel } from './linear-model.ts';

/**
 * Adam whose moments are updated only for the table rows a batch touches, as TensorFlow's
 * LazyAdamOptimizer does. With sparse n-gram features that is what makes a step cheap:
 * a dense Adam step would rewrite every row of the table, tens of millions of values.
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

/** Runs one step, updates the touched rows of the model and the moments, returns the loss. */
export async function lazyAdamStep(
  model: LinearModel,
  state: LazyAdamState,
  batch: LocalBatch,
  lossOf: LossOfLogits,
  settings: AdamSettings,
): Promise<number> {
  const { classCount: width } = model;
  const { tableRows, transposed } = batch;
  if (!transposed) throw new Error('lazyAdamStep needs a batch built for training');
  const shape: [number, number] = [tableRows.length, width];
  state.step += 1;
  const { learningRate, beta1, beta2, epsilon } = settings;
  const stepSize = (learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);

  const outputs = tf.tidy(() => {
    const features = tf.tensor2d(batch.features, [batch.size, tableRows.length]);
    const weights = tf.tensor2d(gatherRows(model.weights, width, tableRows), shape);
    const firstMoment = tf.tensor2d(gatherRows(state.firstMoment, width, tableRows), shape);
    const secondMoment = tf.tensor2d(gatherRows(state.secondMoment, width, tableRows), shape);
    const { value, grad } = tf.valueAndGrad((block: tf.Tensor) =>
      lossOf(tf.matMul(features, block as tf.Tensor2D)),
    )(weights);
    const nextFirst = firstMoment.mul(beta1).add(grad.mul(1 - beta1));
    const nextSecond = secondMoment.mul(beta2).add(grad.square().mul(1 - beta2));
    const nextWeights = weights.sub(nextFirst.div(nextSecond.sqrt().add(epsilon)).mul(stepSize));
    return [value, nextWeights, nextFirst, nextSecond];
  });
  try {
    const [loss, nextWeights, nextFirst, nextSecond] = await Promise.all(
      outputs.map((t) => t.data() as Promise<Float32Array>),
    );
    scatterRows(model.weights, width, tableRows, nextWeights as Float32Array);
    scatterRows(state.firstMoment, width, tableRows, nextFirst as Float32Array);
    scatterRows(state.secondMoment, width, tableRows, nextSecond as Float32Array);
    return loss?.[0] ?? Number.NaN;
  } finally {
    tf.dispose(outputs);
  }
}
