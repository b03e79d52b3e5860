import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../src/shared/random.ts';
import { gatherRows } from './gather-rows.ts';
import { matMul } from './matmul.ts';
import { maxPoolOverTime } from './max-pool.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * The deep text classifier's network over subword embeddings. 'cnn': 1-D convolutions of
 * widths `widths` (each a matMul over unfolded windows, which trains on every backend), ReLU
 * and max-pooling over time. 'bag': mean and max of the position vectors (fastText-like).
 */
export type DeepArchitecture = 'cnn' | 'bag';

export interface NetworkShape {
  architecture: DeepArchitecture;
  dim: number;
  filters: number;
  widths: number[];
  classCount: number;
}

export type DenseParams = Record<string, tf.Variable>;

function glorot(rows: number, columns: number, random: () => number): Float32Array {
  const limit = Math.sqrt(6 / (rows + columns));
  return Float32Array.from({ length: rows * columns }, () => (random() * 2 - 1) * limit);
}

export function createDenseParams(shape: NetworkShape, seed: number): DenseParams {
  const random = createRandom(seed);
  const params: DenseParams = {};
  const variable = (name: string, data: Float32Array, dims: number[]) => {
    params[name] = tf.variable(tf.tensor(data, dims), true, `${name}-${seed}-${Math.random()}`);
  };
  let pooled = 0;
  if (shape.architecture === 'cnn') {
    for (const width of shape.widths) {
      variable(`conv${width}`, glorot(width * shape.dim, shape.filters, random), [width * shape.dim, shape.filters]);
      variable(`conv${width}b`, new Float32Array(shape.filters), [shape.filters]);
      pooled += shape.filters;
    }
  } else {
    pooled = 2 * shape.dim;
  }
  variable('out', glorot(pooled, shape.classCount, random), [pooled, shape.classCount]);
  variable('outb', new Float32Array(shape.classCount), [shape.classCount]);
  return params;
}

/** The position vectors [size, length, dim] of a batch from its local embedding rows. */
function positionVectors(batch: SequenceBatch, units: tf.Tensor2D, dim: number): tf.Tensor3D {
  const typeUnits = tf.tensor2d(batch.typeUnits, [Math.max(1, batch.typeCount), batch.unitsPerType], 'int32');
  const weights = tf.tensor3d(batch.typeWeights, [Math.max(1, batch.typeCount), batch.unitsPerType, 1]);
  const types = gatherRows(units, typeUnits).mul(weights).sum(1);
  const withPadding = tf.concat([types.slice([0, 0], [batch.typeCount, dim]), tf.zeros([1, dim])], 0);
  const positions = tf.tensor2d(batch.positions, [batch.size, batch.length], 'int32');
  return gatherRows(withPadding, positions) as tf.Tensor3D;
}

/** Logits [size, classCount]; `dropout` > 0 only while training. */
export function networkLogits(
  shape: NetworkShape,
  params: DenseParams,
  batch: SequenceBatch,
  units: tf.Tensor2D,
  dropout: number,
): tf.Tensor2D {
  const { dim, filters } = shape;
  const x = positionVectors(batch, units, dim);
  const mask = tf.tensor3d(batch.mask, [batch.size, batch.length, 1]);
  let pooled: tf.Tensor2D;
  if (shape.architecture === 'cnn') {
    const maps = shape.widths.map((width) => {
      const padded = width > 1 ? x.pad([[0, 0], [0, width - 1], [0, 0]]) : x;
      const windows =
        width > 1
          ? tf.concat(
              Array.from({ length: width }, (_, j) => padded.slice([0, j, 0], [batch.size, batch.length, dim])),
              2,
            )
          : x;
      const flat = windows.reshape([batch.size * batch.length, width * dim]) as tf.Tensor2D;
      const activations = tf.relu(
        matMul(flat, params[`conv${width}`] as tf.Variable as tf.Tensor2D).add(params[`conv${width}b`] as tf.Variable),
      );
      return maxPoolOverTime(activations.reshape([batch.size, batch.length, filters]).mul(mask) as tf.Tensor3D);
    });
    pooled = (maps.length === 1 ? maps[0] : tf.concat(maps, 1)) as tf.Tensor2D;
  } else {
    const count = mask.sum(1).maximum(1);
    const mean = x.mul(mask).sum(1).div(count);
    // Padding must not win the max: push it far below any real value first.
    const max = maxPoolOverTime(x.add(mask.sub(1).mul(1e4)) as tf.Tensor3D);
    pooled = tf.concat([mean, max], 1) as tf.Tensor2D;
  }
  const dropped = dropout > 0 ? tf.dropout(pooled, dropout) : pooled;
  return matMul(dropped as tf.Tensor2D, params.out as tf.Variable as tf.Tensor2D).add(params.outb as tf.Variable);
}
