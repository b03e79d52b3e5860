import * as tf from '@tensorflow/tfjs';

/** What the wasm backend exposes of where a tensor's values live (its Emscripten heap). */
interface WasmHeapBackend {
  wasm?: { HEAPU8?: Uint8Array };
  dataIdMap?: { get(dataId: object): { memoryOffset?: number } | undefined };
}

/**
 * Copies a float32 tensor's values into `out` (at least its size). On wasm the values are read
 * straight from the backend's heap: `data()` there allocates a fresh copy of every tensor it
 * reads, which for a training step's gradient block (megabytes, every step) cost a copy and
 * garbage collection of its own. Elsewhere, or if the backend's layout is not the one known,
 * it reads through `data()`.
 */
export async function readFloatsInto(tensor: tf.Tensor, out: Float32Array): Promise<void> {
  const size = tensor.size;
  if (tensor.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmHeapBackend;
    const heap = backend.wasm?.HEAPU8;
    const offset = backend.dataIdMap?.get(tensor.dataId)?.memoryOffset;
    if (heap && typeof offset === 'number' && offset % 4 === 0) {
      out.set(new Float32Array(heap.buffer, heap.byteOffset + offset, size));
      return;
    }
  }
  out.set((await tensor.data()) as Float32Array);
}
