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
  const oneHot = tf.oneHot(classes, classCount) as tf.Tensor2D;
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
  return squaredHinge(logits, oneHot, sampleWeights).loss;
}

/**
 * The one-vs-rest squared hinge of each row, averaged over rows (weighted when given), with
 * the parts its gradient needs: +1 for the true class and -1 for the others, and each margin
 * violation max(0, 1 - sign · logit).
 */
function squaredHinge(
  logits: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  sampleWeights: tf.Tensor1D | undefined,
): { loss: tf.Scalar; signs: tf.Tensor2D; margins: tf.Tensor2D } {
  const signs = oneHot.mul(2).sub(1) as tf.Tensor2D;
  const margins = tf.relu(tf.sub(1, signs.mul(logits))) as tf.Tensor2D;
  const perRow = margins.square().sum(1);
  const loss = (sampleWeights ? perRow.mul(sampleWeights) : perRow).mean() as tf.Scalar;
  return { loss, signs, margins };
}

/** A loss of a batch's logits with its gradient with respect to them. */
export interface LossAndGradient {
  loss: tf.Scalar;
  gradient: tf.Tensor2D;
}

/**
 * `trainingLoss` and its gradient with respect to the logits. The squared hinge's gradient
 * is written out (-2 · sign · margin / rows): a training step then needs no gradient tape,
 * which on small batches costs more than the arithmetic. The other losses go through
 * `tf.valueAndGrad`.
 */
export function trainingLossAndGradient(
  kind: LossKind,
  logits: tf.Tensor2D,
  classes: tf.Tensor1D,
  sampleWeights: tf.Tensor1D | undefined,
  labelSmoothing: number,
): LossAndGradient {
  if (kind !== 'squaredHinge') {
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor) =>
      trainingLoss(kind, z as tf.Tensor2D, classes, sampleWeights, labelSmoothing),
    )(logits);
    return { loss: value as tf.Scalar, gradient: grad as tf.Tensor2D };
  }
  const [rows, classCount] = logits.shape;
  const { loss, signs, margins } = squaredHinge(
    logits,
    tf.oneHot(classes, classCount) as tf.Tensor2D,
    sampleWeights,
  );
  const rowWeights = sampleWeights?.reshape([rows, 1]);
  const gradient = margins.mul(signs).mul(-2 / Math.max(1, rows));
  return {
    loss,
    gradient: (rowWeights ? gradient.mul(rowWeights) : gradient) as tf.Tensor2D,
  };
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
