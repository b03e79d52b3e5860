import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';

/** The wasm backend, as in the browser, loaded from node_modules instead of the app's origin. */
export async function useWasmBackend(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(
    fileURLToPath(
      new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
    ),
  );
  await tf.setBackend('wasm');
  await tf.ready();
}
