import { appError } from '@shared/errors.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';

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
