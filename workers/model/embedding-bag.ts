import * as tf from '@tensorflow/tfjs';

/**
 * Weighted sum of table rows per example: out[b] = sum_l weights[b, l] * table[indices[b, l]].
 *
 * The gradient is written out as a scatter-add because TF.js's own gradient of `gather`
 * needs UnsortedSegmentSum, which the wasm backend does not have (and which is dense and
 * slow on cpu/webgl). ScatterNd sums duplicate indices and exists on every backend.
 */
export function embeddingBag(table: tf.Tensor, indices: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
  const bag = tf.customGrad((tableInput, indexInput, weightInput, save) => {
    const [batch, length] = indexInput.shape as [number, number];
    const [rowCount, width] = tableInput.shape as [number, number];
    const flatIndices = indexInput.reshape([batch * length]);
    const rows = tf.gather(tableInput, flatIndices).reshape([batch, length, width]);
    const value = rows.mul(weightInput.expandDims(2)).sum(1);
    // Tensors of the forward pass are gone by the time the gradient runs: keep what it needs.
    (save as tf.GradSaveFunc)([indexInput, weightInput]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [savedIndices, savedWeights] = saved as [tf.Tensor2D, tf.Tensor2D];
      const updates = dy
        .expandDims(1)
        .mul(savedWeights.expandDims(2))
        .reshape([batch * length, width]);
      const tableGradient = tf.scatterND(savedIndices.reshape([batch * length, 1]), updates, [rowCount, width]);
      // Indices and weights are data, not parameters: their gradients are never used.
      return [tableGradient, tf.zerosLike(savedIndices), tf.zerosLike(savedWeights)];
    };
    return { value, gradFunc };
  });
  return bag(table, indices, weights) as tf.Tensor2D;
}
