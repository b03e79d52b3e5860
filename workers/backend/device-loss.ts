import * as tf from '@tensorflow/tfjs';

/**
 * TF.js does not watch for a lost GPU: a WebGPU device that is lost (driver reset, GPU
 * process crash, the tab's memory reclaimed) makes every later kernel fail or hang, and a lost
 * WebGL context silently returns garbage. This records the loss so the next batch can stop
 * with BackendLost instead.
 */
let lost: { backend: string; reason: string } | null = null;

interface GpuDeviceLike {
  lost?: Promise<{ reason?: string; message?: string }>;
}

/** Starts watching the active backend's device; call after every backend switch. */
export function watchDeviceLoss(): void {
  lost = null;
  const backend = tf.getBackend();
  if (backend !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  device?.lost?.then(
    (info) => {
      // A deliberate destroy() on backend switch is not a failure.
      if (info.reason === 'destroyed' || tf.getBackend() !== backend) return;
      lost = { backend, reason: info.message || info.reason || 'unknown reason' };
    },
    () => undefined,
  );
}

/** Why the active backend's device is gone, or null while it works. */
export function deviceLossReason(): string | null {
  const backend = tf.getBackend();
  if (lost && lost.backend === backend) return lost.reason;
  if (backend === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: { isContextLost(): boolean } } }).gpgpu
      ?.gl;
    if (gl?.isContextLost()) return 'WebGL context lost';
  }
  return null;
}
