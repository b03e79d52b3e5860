import * as tf from '@tensorflow/tfjs';

/**
 * `tf.gather(table, indices)` along the first axis, with a gradient every backend can run. The
 * stock gradient of gather is UnsortedSegmentSum, which the wasm backend does not have; a
 * scatterND of the incoming gradient into the table's shape is the same sum (scatterND adds up
 * repeated indices) and exists on wasm, webgpu, webgl and cpu. The forward pass is a gatherND,
 * which on wasm is ten times faster than gather for the same rows (6 against 60 ms for 24,576
 * rows of 64).
 */
const gather = tf.customGrad((...inputs) => {
  const table = inputs[0] as tf.Tensor;
  const indices = inputs[1] as tf.Tensor;
  const save = inputs[2] as tf.GradSaveFunc;
  save([indices]);
  const rows = table.shape[0] as number;
  const width = table.shape.slice(1).reduce((a, b) => a * b, 1);
  const tableShape = table.shape;
  return {
    value: tf.gatherND(table, indices.expandDims(-1)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [kept] = saved as [tf.Tensor];
      const summed = tf.scatterND(kept.reshape([-1, 1]), dy.reshape([-1, width]), [rows, width]);
      // Indices are integers: they get no gradient, only a placeholder of their shape.
      return [summed.reshape(tableShape), tf.zerosLike(kept)];
    },
  };
});

export function gatherRows(table: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  return gather(table, indices);
}
