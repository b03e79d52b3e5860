import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { ViewParams } from './augment.ts';

export const INPUT_SIZE = 224;

/** A square side, or [height, width] for networks (imported ones) that want another shape. */
export type InputSize = number | readonly [height: number, width: number];

/** Decoded RGBA pixels, row-major, as ImageData holds them. */
export interface Pixels {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * The backbone's input for each view of one photo: crop, bilinear resize to the input size
 * (224×224 for the shipped networks), mirror, colour jitter, then scaling to [-1, 1]
 * (x / 127.5 − 1, as the Keras MobileNets expect).
 * Returns [views.length, height, width, 3]; the caller disposes it.
 */
export function toBackboneInput(
  pixels: Pixels,
  views: readonly ViewParams[],
  inputSize: InputSize = INPUT_SIZE,
): tf.Tensor4D {
  const { data, width, height } = pixels;
  const [sizeY, sizeX] = typeof inputSize === 'number' ? [inputSize, inputSize] : inputSize;
  if (data.length !== width * height * 4) {
    throw appError(
      'InvalidInput',
      `pixels hold ${data.length} values, expected ${width}x${height}x4`,
    );
  }
  return tf.tidy(() => {
    const rgba = tf.tensor4d(Float32Array.from(data), [1, height, width, 4]);
    const rgb = rgba.slice([0, 0, 0, 0], [1, height, width, 3]);
    const crops = tf.image.cropAndResize(
      rgb,
      views.map((view) => view.box),
      views.map(() => 0),
      [sizeY, sizeX],
      'bilinear',
    );
    const parts = views.map((view, i) => {
      let x = crops.slice([i, 0, 0, 0], [1, sizeY, sizeX, 3]).div(255) as tf.Tensor4D;
      if (view.flip) x = tf.image.flipLeftRight(x);
      if (view.saturation !== 1) {
        const grey = x.mean(3, true);
        x = grey.add(x.sub(grey).mul(view.saturation)) as tf.Tensor4D;
      }
      if (view.contrast !== 1) {
        const mean = x.mean();
        x = mean.add(x.sub(mean).mul(view.contrast)) as tf.Tensor4D;
      }
      if (view.brightness !== 0) x = x.add(view.brightness) as tf.Tensor4D;
      if (view.brightness !== 0 || view.contrast !== 1 || view.saturation !== 1)
        x = x.clipByValue(0, 1) as tf.Tensor4D;
      return x;
    });
    const joined = parts.length === 1 ? (parts[0] as tf.Tensor4D) : tf.concat(parts, 0);
    // x / 255 * 2 - 1 is x / 127.5 - 1.
    return joined.mul(2).sub(1) as tf.Tensor4D;
  });
}

/** Scales each row of a row-major matrix to unit length; zero rows stay zero. */
export function l2NormaliseRows(matrix: Float32Array, width: number): Float32Array {
  for (let base = 0; base < matrix.length; base += width) {
    let sum = 0;
    for (let i = 0; i < width; i++) sum += (matrix[base + i] ?? 0) ** 2;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < width; i++) matrix[base + i] = (matrix[base + i] ?? 0) * scale;
  }
  return matrix;
}
