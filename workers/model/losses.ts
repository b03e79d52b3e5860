import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '@shared/contracts/train.ts';

/** Focusing parameter of the focal loss; 2 is the value of its paper (Lin et al., 2017). */
export const FOCAL_GAMMA = 2;

/**
 * `softmax`: cross-entropy over all classes. `focal`: cross-entropy scaled by (1 - p)^gamma,
 * which quiets the rows the model already gets right and so lets rare categories count. `squaredHinge`: one-vs-rest squared hinge, the
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
  if (kind === 'focal') {
    const logProbability = tf.logSoftmax(logits).mul(oneHot).sum(1);
    const focus = tf.sub(1, tf.exp(logProbability)).pow(FOCAL_GAMMA);
    const perRow = focus.mul(logProbability).neg();
    return (sampleWeights ? perRow.mul(sampleWeights) : perRow).mean() as tf.Scalar;
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
  if (kind === 'softmax' || kind === 'focal') {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classCount; c++) max = Math.max(max, logits[base + c] ?? 0);
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += Math.exp((logits[base + c] ?? 0) - max);
    const crossEntropy = Math.log(sum) + max - (logits[base + truth] ?? 0);
    return kind === 'focal'
      ? (1 - Math.exp(-crossEntropy)) ** FOCAL_GAMMA * crossEntropy
      : crossEntropy;
  }
  let loss = 0;
  for (let c = 0; c < classCount; c++) {
    const margin = Math.max(0, 1 - (c === truth ? 1 : -1) * (logits[base + c] ?? 0));
    loss += margin * margin;
  }
  return loss;
}
