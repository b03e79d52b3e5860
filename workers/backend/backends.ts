import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { appError } from '@shared/errors.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { watchDeviceLoss } from './device-loss.ts';

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  // Threads need cross-origin isolation, which a plain static host does not give.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  wasmConfigured = true;
}

/** Switches TF.js to `name`, or throws BackendUnavailable with the reason. */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') configureWasm();
  let ok = false;
  let reason = '';
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (!ok || tf.getBackend() !== name) {
    throw appError(
      'BackendUnavailable',
      `The ${name} backend could not start here${reason ? `: ${reason}` : ''}`,
    );
  }
  watchDeviceLoss();
}

export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}

/** Every worker's backend switch: changes backend only when asked for another one. */
export async function switchBackend(name: BackendName): Promise<BackendName> {
  if (currentBackend() !== name) await useBackend(name);
  return currentBackend();
}
