import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentedView, centreView, photoViews, seedOfHash } from '../../workers/image/augment.ts';
import {
  averageViews,
  INPUT_SIZE,
  l2NormaliseRows,
  meanOfViews,
  toBackboneInput,
  type Pixels,
} from '../../workers/image/preprocess.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);

/** An RGBA image whose pixels come from `colour(x, y)`. */
function image(width: number, height: number, colour: (x: number, y: number) => number[]): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...colour(x, y), 255], (y * width + x) * 4);
  return { data, width, height };
}

async function values(pixels: Pixels, views = [centreView(pixels.width, pixels.height)]) {
  const before = tf.memory().numTensors;
  const input = toBackboneInput(pixels, views);
  const shape = input.shape;
  const data = (await input.data()) as Float32Array;
  input.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return { shape, data };
}

const at = (data: Float32Array, view: number, y: number, x: number, channel: number) =>
  data[((view * INPUT_SIZE + y) * INPUT_SIZE + x) * 3 + channel] as number;

describe('toBackboneInput', () => {
  it('scales RGB to [-1, 1] as x / 127.5 - 1 and drops alpha', async () => {
    const { shape, data } = await values(image(30, 20, () => [255, 0, 51]));
    expect(shape).toEqual([1, INPUT_SIZE, INPUT_SIZE, 3]);
    expect(at(data, 0, 100, 100, 0)).toBeCloseTo(1, 5);
    expect(at(data, 0, 100, 100, 1)).toBeCloseTo(-1, 5);
    expect(at(data, 0, 100, 100, 2)).toBeCloseTo(51 / 127.5 - 1, 5);
  });

  it('centre-crops the long side and resizes to 224x224', async () => {
    // 300x100: left third red, middle third green, right third blue; the crop is the middle.
    const pixels = image(300, 100, (x) =>
      x < 100 ? [255, 0, 0] : x < 200 ? [0, 255, 0] : [0, 0, 255],
    );
    const { data } = await values(pixels);
    for (const x of [0, 112, 223]) {
      expect(at(data, 0, 112, x, 1)).toBeCloseTo(1, 3);
      expect(at(data, 0, 112, x, 0)).toBeCloseTo(-1, 3);
    }
  });

  it('mirrors a flipped view and keeps the plain view first', async () => {
    const pixels = image(64, 64, (x) => (x < 32 ? [0, 0, 0] : [255, 255, 255]));
    const flipped = { ...centreView(64, 64), flip: true };
    const { shape, data } = await values(pixels, [centreView(64, 64), flipped]);
    expect(shape[0]).toBe(2);
    expect(at(data, 0, 10, 5, 0)).toBeCloseTo(-1, 3);
    expect(at(data, 0, 10, 218, 0)).toBeCloseTo(1, 3);
    expect(at(data, 1, 10, 5, 0)).toBeCloseTo(1, 3);
    expect(at(data, 1, 10, 218, 0)).toBeCloseTo(-1, 3);
  });

  it('applies brightness within [-1, 1]', async () => {
    const pixels = image(8, 8, () => [250, 250, 250]);
    const brighter = { ...centreView(8, 8), brightness: 0.2 };
    const { data } = await values(pixels, [brighter]);
    expect(at(data, 0, 50, 50, 0)).toBeCloseTo(1, 5);
  });

  it('rejects pixel buffers of the wrong size', () => {
    expect(() =>
      toBackboneInput({ data: new Uint8Array(10), width: 4, height: 4 }, [centreView(4, 4)]),
    ).toThrow(/expected 4x4x4/);
  });
});

describe('augmentation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(augmentedView(300, 200, 7)).toEqual(augmentedView(300, 200, 7));
    expect(augmentedView(300, 200, 7)).not.toEqual(augmentedView(300, 200, 8));
    expect(photoViews(300, 200, seedOfHash('ab12cd34ef'), 3)).toEqual(
      photoViews(300, 200, seedOfHash('ab12cd34ef'), 3),
    );
  });

  it('crops squares inside the photo with bounded jitter', () => {
    for (let seed = 0; seed < 200; seed++) {
      const view = augmentedView(300, 200, seed);
      const [y1, x1, y2, x2] = view.box;
      expect(Math.min(y1, x1)).toBeGreaterThanOrEqual(0);
      expect(Math.max(y2, x2)).toBeLessThanOrEqual(1 + 1e-9);
      // In pixels (TF.js boxes run from the first to the last pixel centre): a square.
      expect((x2 - x1) * 299).toBeCloseTo((y2 - y1) * 199, 6);
      expect((y2 - y1) * 199 + 1).toBeGreaterThanOrEqual(0.7 * 200 - 1e-6);
      expect(Math.abs(view.brightness)).toBeLessThanOrEqual(0.15);
      expect(view.contrast).toBeGreaterThanOrEqual(0.8);
      expect(view.saturation).toBeLessThanOrEqual(1.2);
    }
  });

  it('always starts with the plain centre view', () => {
    const views = photoViews(120, 80, 1, 2);
    expect(views).toHaveLength(3);
    expect(views[0]).toEqual(centreView(120, 80));
    expect(centreView(120, 80).box).toEqual([0, 20 / 119, 1, 99 / 119]);
  });
});

describe('l2NormaliseRows', () => {
  it('gives unit rows and leaves zero rows alone', () => {
    const rows = l2NormaliseRows(Float32Array.from([3, 4, 0, 0]), 2);
    [0.6, 0.8, 0, 0].forEach((value, i) => expect(rows[i]).toBeCloseTo(value, 6));
  });
});

describe('averageViews and meanOfViews', () => {
  it("average each product's views, packed or separate, to the same values", () => {
    // Two products of two views each, width 2.
    const packed = Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]);
    expect(Array.from(averageViews(packed, 2, 2))).toEqual([2, 3, 20, 30]);
    expect(Array.from(meanOfViews([packed.subarray(4, 6), packed.subarray(6, 8)]))).toEqual([
      20, 30,
    ]);
    expect(averageViews(packed, 2, 1)).toBe(packed);
    const single = Float32Array.from([5, 6]);
    const copy = meanOfViews([single]);
    expect(copy).not.toBe(single);
    expect(Array.from(copy)).toEqual([5, 6]);
  });
});
