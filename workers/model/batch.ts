import * as tf from '@tensorflow/tfjs';
import type { SparseRow } from '../text/feature-space.ts';

/** A padded batch: rows shorter than the longest are filled with index 0 at weight 0. */
export interface PaddedBatch {
  indices: tf.Tensor2D;
  weights: tf.Tensor2D;
}

export function padBatch(rows: readonly SparseRow[]): PaddedBatch {
  const length = Math.max(1, ...rows.map((row) => row.indices.length));
  const indices = new Int32Array(rows.length * length);
  const weights = new Float32Array(rows.length * length);
  rows.forEach((row, r) => {
    indices.set(row.indices, r * length);
    weights.set(row.values, r * length);
  });
  return {
    indices: tf.tensor2d(indices, [rows.length, length], 'int32'),
    weights: tf.tensor2d(weights, [rows.length, length], 'float32'),
  };
}

export function disposeBatch(batch: PaddedBatch): void {
  batch.indices.dispose();
  batch.weights.dispose();
}
