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

/**
 * Mean of each product's consecutive view rows (row-major, `views` rows a product): the flip
 * test-time augmentation of an embedding. One view is returned as it is.
 */
export function averageViews(x: Float32Array, width: number, views: number): Float32Array {
  if (views === 1) return x;
  const products = Math.floor(x.length / width / views);
  const out = new Float32Array(products * width);
  for (let p = 0; p < products; p++)
    for (let v = 0; v < views; v++)
      for (let i = 0; i < width; i++)
        out[p * width + i] =
          (out[p * width + i] as number) + (x[(p * views + v) * width + i] as number) / views;
  return out;
}

/** `averageViews` of one product whose views are separate arrays; always a new array. */
export function meanOfViews(views: readonly Float32Array[]): Float32Array {
  const width = views[0]?.length ?? 0;
  const packed = new Float32Array(width * views.length);
  views.forEach((view, v) => packed.set(view, v * width));
  return views.length === 1 ? packed : averageViews(packed, width, views.length);
}
