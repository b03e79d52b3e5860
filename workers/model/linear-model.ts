import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { gatherRows, localBatch, scatterRows, type LocalBatch } from './local-batch.ts';
import type { SparseRow } from '../text/feature-space.ts';

/**
 * A linear softmax classifier over sparse n-gram features. Row f of `weights` holds feature
 * f's vote for every class; the extra last row is the bias, a feature every text has.
 * The table lives in worker memory and only the rows a batch touches go to the backend,
 * so a step costs what the batch uses, not what the vocabulary holds.
 */
export interface LinearModel {
  featureCount: number;
  classCount: number;
  /** Row-major [featureCount + 1, classCount]. */
  weights: Float32Array;
}

export function createLinearModel(
  featureCount: number,
  classCount: number,
  saved?: readonly SavedTensor[],
): LinearModel {
  const size = (featureCount + 1) * classCount;
  const tensor = saved?.find((entry) => entry.name === 'weights');
  if (tensor && tensor.data.length !== size) {
    throw appError(
      'InvalidInput',
      `saved weights have ${tensor.data.length} values, expected ${featureCount + 1}x${classCount}`,
    );
  }
  // The loss is convex in the weights, so zeros are a fine start and need no seed.
  return {
    featureCount,
    classCount,
    weights: tensor ? Float32Array.from(tensor.data) : new Float32Array(size),
  };
}

export function saveLinearModel(model: LinearModel): SavedTensor[] {
  return [
    {
      name: 'weights',
      shape: [model.featureCount + 1, model.classCount],
      data: model.weights.slice(),
    },
  ];
}

export function toLocalBatch(model: LinearModel, rows: readonly SparseRow[]): LocalBatch {
  return localBatch(rows, model.featureCount);
}

/** Logits of a local batch against the matching block of weights. */
export function localLogits(batch: LocalBatch, block: tf.Tensor2D): tf.Tensor2D {
  const features = tf.tensor2d(batch.features, [batch.size, batch.tableRows.length]);
  return tf.matMul(features, block);
}

export function weightBlock(model: LinearModel, batch: LocalBatch): tf.Tensor2D {
  return tf.tensor2d(gatherRows(model.weights, model.classCount, batch.tableRows), [
    batch.tableRows.length,
    model.classCount,
  ]);
}

export function writeWeightBlock(model: LinearModel, batch: LocalBatch, block: Float32Array): void {
  scatterRows(model.weights, model.classCount, batch.tableRows, block);
}
