import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeViews } from '@shared/photo-recipe.ts';
import { embedPhoto } from '../../workers/image/image-runtime.ts';
import type { Pixels } from '../../workers/image/preprocess.ts';
import { tinyImageBackbone } from '../fixtures/tiny-backbone.ts';
import { useWasmBackend } from './tf-setup.ts';

let backbone: tf.Sequential;
beforeAll(async () => {
  await useWasmBackend();
  // Strided 4x4 filters see left and right differently: a mirrored photo embeds differently.
  backbone = tinyImageBackbone({ side: 96, dims: 8 });
});
afterAll(() => backbone.dispose());

/** A photo with a gradient from left to right and stripes, 120 x 80. */
function photo(): Pixels {
  const width = 120;
  const height = 80;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data.set([(x * 2) % 256, y % 16 < 8 ? 200 : 30, (x * y) % 256, 255], (y * width + x) * 4);
  return { data, width, height };
}

function mirrored({ data, width, height }: Pixels): Pixels {
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      out.set(
        data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
        (y * width + (width - 1 - x)) * 4,
      );
  return { data: out, width, height };
}

const embed = (pixels: Pixels, views: ('centre' | 'mirror')[]) =>
  embedPhoto(backbone, pixels, views, 96, 8);

describe('flip test-time augmentation', () => {
  it('gives the same embedding, run after run', async () => {
    const before = tf.memory().numTensors;
    const first = await embed(photo(), ['centre', 'mirror']);
    const second = await embed(photo(), ['centre', 'mirror']);
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads a photo and its mirror image alike, where the centre alone does not', async () => {
    const original = photo();
    const flipped = mirrored(original);
    const centre = await embed(original, ['centre']);
    const centreOfMirror = await embed(flipped, ['centre']);
    const gap = Math.max(
      ...Array.from(centre, (v, i) => Math.abs(v - (centreOfMirror[i] as number))),
    );
    expect(gap).toBeGreaterThan(1e-3);
    const both = await embed(original, ['centre', 'mirror']);
    const bothOfMirror = await embed(flipped, ['centre', 'mirror']);
    Array.from(both).forEach((v, i) => expect(v).toBeCloseTo(bothOfMirror[i] as number, 5));
  });
});

describe('recipeViews', () => {
  it('adds the mirror with flips and the whole photo with multi-crop, the centre always first', () => {
    expect(recipeViews(false, false)).toEqual(['centre']);
    expect(recipeViews(true, false)).toEqual(['centre', 'mirror']);
    expect(recipeViews(false, true)).toEqual(['centre', 'whole']);
    expect(recipeViews(true, true)).toEqual(['centre', 'mirror', 'whole', 'whole-mirror']);
  });
});
