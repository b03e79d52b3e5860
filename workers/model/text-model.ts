import * as tf from '@tensorflow/tfjs';
import { appError } from '../../src/shared/errors.ts';
import type { SavedTensor } from '../../src/shared/model-types.ts';
import { embeddingBag } from './embedding-bag.ts';
import type { PaddedBatch } from './batch.ts';

/**
 * A linear classifier over sparse TF-IDF n-gram features, written as an embedding bag whose
 * width is the number of classes: each n-gram row holds its vote for every class.
 */
export interface TextModelVariables {
  table: tf.Variable;
  bias: tf.Variable;
}

export function createTextModel(featureCount: number, classCount: number, saved?: readonly SavedTensor[]): TextModelVariables {
  const initial = (name: string, shape: [number] | [number, number]): tf.Variable => {
    const tensor = saved?.find((entry) => entry.name === name);
    if (tensor && tensor.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw appError('InvalidInput', `saved tensor "${name}" has ${tensor.data.length} values, expected ${shape.join('x')}`);
    }
    // The problem is convex, so zeros are a fine start and need no seed.
    const value = tensor ? tf.tensor(tensor.data, shape) : tf.zeros(shape);
    const variable = tf.variable(value);
    value.dispose();
    return variable;
  };
  return { table: initial('table', [featureCount, classCount]), bias: initial('bias', [classCount]) };
}

export function textLogits(model: TextModelVariables, batch: PaddedBatch): tf.Tensor2D {
  return embeddingBag(model.table, batch.indices, batch.weights).add(model.bias);
}

export async function readTextModel(model: TextModelVariables): Promise<SavedTensor[]> {
  const entries: [string, tf.Variable][] = [
    ['table', model.table],
    ['bias', model.bias],
  ];
  return Promise.all(
    entries.map(async ([name, variable]) => ({
      name,
      shape: variable.shape.slice(),
      data: (await variable.data()) as Float32Array,
    })),
  );
}

export function disposeTextModel(model: TextModelVariables): void {
  model.table.dispose();
  model.bias.dispose();
}
