import * as tf from '@tensorflow/tfjs';

/**
 * Live tensors in this worker. A worker restarted after a stuck job has no backend until its
 * next job, and asking TF.js then throws; it holds no tensors either, so that reads as 0.
 */
export function liveTensorCount(): number {
  try {
    return tf.memory().numTensors;
  } catch {
    return 0;
  }
}
