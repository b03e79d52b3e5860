import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../../src/shared/model-types.ts';

/**
 * `softmax`: cross-entropy over all classes. `squaredHinge`: one-vs-rest squared hinge, the
 * loss of a linear SVM, which leaves rows already beyond the margin alone and so spends its
 * updates on the hard ones, rare categories included.
 */
export function trainingLoss(
  kind: LossKind,
  logits: tf.Tensor2D,
  classes: tf.Tensor1D,
  sampleWeights: tf.Tensor1D | undefined,
  labelSmoothing: number,
): tf.Scalar {
  const classCount = logits.shape[1];
  const oneHot = tf.oneHot(classes, classCount);
  if (kind === 'softmax') {
    return tf.losses.softmaxCrossEntropy(
      oneHot,
      logits,
      sampleWeights,
      labelSmoothing,
    ) as tf.Scalar;
  }
  const signs = oneHot.mul(2).sub(1);
  const perRow = tf
    .relu(tf.sub(1, signs.mul(logits)))
    .square()
    .sum(1);
  const weighted = sampleWeights ? perRow.mul(sampleWeights) : perRow;
  return weighted.mean() as tf.Scalar;
}

/** The same loss for one row of logits, computed here for validation without a backend round trip. */
export function rowLoss(
  kind: LossKind,
  logits: Float32Array,
  base: number,
  classCount: number,
  truth: number,
): number {
  if (kind === 'softmax') {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classCount; c++) max = Math.max(max, logits[base + c] ?? 0);
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += Math.exp((logits[base + c] ?? 0) - max);
    return Math.log(sum) + max - (logits[base + truth] ?? 0);
  }
  let loss = 0;
  for (let c = 0; c < classCount; c++) {
    const margin = Math.max(0, 1 - (c === truth ? 1 : -1) * (logits[base + c] ?? 0));
    loss += margin * margin;
  }
  return loss;
}
