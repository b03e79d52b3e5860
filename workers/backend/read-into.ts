import * as tf from '@tensorflow/tfjs';

/** The wasm backend's view of a tensor's values in its heap (what its own kernels read). */
interface HeapViewBackend {
  typedArrayFromHeap?: (tensor: tf.TensorInfo) => Float32Array;
}

/**
 * Copies a float32 tensor's values into `out` (at least its size). On wasm the values are read
 * through the backend's own view of its heap: `data()` there allocates a fresh copy of every
 * tensor it reads, which for a training step's gradient block (megabytes, every step) cost a
 * copy and garbage collection of its own. Elsewhere it reads through `data()`.
 */
export async function readFloatsInto(tensor: tf.Tensor, out: Float32Array): Promise<void> {
  if (tensor.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as HeapViewBackend;
    if (typeof backend.typedArrayFromHeap === 'function') {
      out.set(backend.typedArrayFromHeap(tensor));
      return;
    }
  }
  out.set((await tensor.data()) as Float32Array);
}
