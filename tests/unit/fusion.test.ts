import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '@shared/random.ts';
import { productProbabilities, type FusedRuntime } from '../../workers/image/fused-model.ts';
import {
  argmax,
  concatFeatures,
  fuseLogProbabilities,
  hashedTextVector,
  logSoftmaxRows,
} from '../../workers/image/fusion.ts';
import { DEFAULT_HEAD_OPTIONS, fitHead, type DenseSet } from '../../workers/image/head.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);

const logp = (...p: number[]) => Float32Array.from(p, Math.log);

describe('late fusion', () => {
  it('uses the other modality alone when one is missing', () => {
    const image = logp(0.7, 0.2, 0.1);
    const text = logp(0.1, 0.1, 0.8);
    Array.from(fuseLogProbabilities(image, null, 0.3)).forEach((p, i) =>
      expect(p).toBeCloseTo([0.7, 0.2, 0.1][i] ?? 0, 5),
    );
    Array.from(fuseLogProbabilities(null, text, 0.3)).forEach((p, i) =>
      expect(p).toBeCloseTo([0.1, 0.1, 0.8][i] ?? 0, 5),
    );
  });

  it('weighs the two and renormalises', () => {
    const fused = fuseLogProbabilities(logp(0.7, 0.2, 0.1), logp(0.1, 0.1, 0.8), 0.5);
    expect(fused.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Geometric mean: sqrt(.07), sqrt(.02), sqrt(.08), normalised; the text's class wins.
    expect(argmax(fused)).toBe(2);
    expect(argmax(fuseLogProbabilities(logp(0.7, 0.2, 0.1), logp(0.1, 0.1, 0.8), 0.9))).toBe(0);
  });

  it('refuses a product with neither modality', () => {
    expect(() => fuseLogProbabilities(null, null, 0.5)).toThrow(
      expect.objectContaining({ name: 'InvalidInput' }),
    );
  });

  it('log-softmax rows sum to one in probability', () => {
    const rows = logSoftmaxRows(Float32Array.from([1, 2, 3, 10, 10, 10]), 3);
    expect(Math.exp(rows[0] ?? 0) + Math.exp(rows[1] ?? 0) + Math.exp(rows[2] ?? 0)).toBeCloseTo(
      1,
      5,
    );
    expect(Math.exp(rows[4] ?? 0)).toBeCloseTo(1 / 3, 5);
  });
});

describe('concatenated features', () => {
  it('zeroes a missing modality and flags which are present', () => {
    const text = hashedTextVector('red running shoes', 16);
    expect(Math.hypot(...text)).toBeCloseTo(1, 5);
    const both = concatFeatures(Float32Array.from([1, 0]), 2, text, 16);
    const imageOnly = concatFeatures(Float32Array.from([1, 0]), 2, null, 16);
    const textOnly = concatFeatures(null, 2, text, 16);
    expect(both).toHaveLength(20);
    expect(Array.from(both.slice(18))).toEqual([1, 1]);
    expect(Array.from(imageOnly.slice(2))).toEqual([...new Array(16).fill(0), 1, 0]);
    expect(Array.from(textOnly.slice(0, 2))).toEqual([0, 0]);
    expect(Array.from(textOnly.slice(18))).toEqual([0, 1]);
    expect(Array.from(hashedTextVector('', 4))).toEqual([0, 0, 0, 0]);
  });
});

/** Two classes of 8-d points around opposite corners, seeded. */
function blobs(n: number, seed: number): DenseSet {
  const random = createRandom(seed);
  const x = new Float32Array(n * 8);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let d = 0; d < 8; d++) x[i * 8 + d] = (y[i] ? 1 : -1) * 0.5 + (random() - 0.5);
  }
  return { x, y };
}

describe('fitHead', () => {
  const options = { ...DEFAULT_HEAD_OPTIONS, classCount: 2, width: 8, seed: 3, maxEpochs: 30 };

  for (const hidden of [0, 16]) {
    it(`learns held-out data with ${hidden ? 'a hidden layer' : 'a linear head'}, seeded, without leaks`, async () => {
      const before = tf.memory().numTensors;
      const a = await fitHead(undefined, blobs(200, 1), blobs(40, 2), { ...options, hidden });
      const b = await fitHead(undefined, blobs(200, 1), blobs(40, 2), { ...options, hidden });
      expect(tf.memory().numTensors).toBe(before);
      expect(a.weights.map((w) => Array.from(w.data))).toEqual(
        b.weights.map((w) => Array.from(w.data)),
      );

      const test = blobs(100, 9);
      const runtime: FusedRuntime = {
        record: {
          kind: 'image',
          labels: ['neg', 'pos'],
          weights: a.weights,
          imageWeight: 1,
          textDims: 0,
        },
        imageDims: 8,
        text: null,
      };
      const products = Array.from({ length: 100 }, (_, i) => ({
        image: test.x.slice(i * 8, i * 8 + 8),
        text: '',
      }));
      const probabilities = await productProbabilities(runtime, [
        ...products,
        { image: null, text: 'x' },
      ]);
      expect(tf.memory().numTensors).toBe(before);
      const hits = products.filter((_, i) => argmax(probabilities[i] ?? []) === test.y[i]).length;
      expect(hits).toBeGreaterThanOrEqual(95);
      // A photo-only head has nothing to go on for a product without a photo.
      expect(probabilities[100]).toBeNull();
    });
  }

  it('a concat head classifies products missing either modality', async () => {
    const texts = ['red apple fruit', 'green pear fruit'];
    const rows: Float32Array[] = [];
    const labels: number[] = [];
    const data = blobs(120, 4);
    for (let i = 0; i < 120; i++) {
      const image = data.x.slice(i * 8, i * 8 + 8);
      const text = hashedTextVector(texts[data.y[i] ?? 0] ?? '', 32);
      // The same one-modality copies the training job adds.
      for (const [img, txt] of [
        [image, text],
        [image, null],
        [null, text],
      ] as const) {
        rows.push(concatFeatures(img, 8, txt, 32));
        labels.push(data.y[i] ?? 0);
      }
    }
    const x = new Float32Array(rows.length * 42);
    rows.forEach((row, i) => x.set(row, i * 42));
    const fitted = await fitHead(
      undefined,
      { x, y: Int32Array.from(labels) },
      { x: new Float32Array(0), y: new Int32Array(0) },
      { ...options, width: 42, maxEpochs: 20 },
    );
    const runtime: FusedRuntime = {
      record: {
        kind: 'concat',
        labels: ['apple', 'pear'],
        weights: fitted.weights,
        imageWeight: 1,
        textDims: 32,
      },
      imageDims: 8,
      text: null,
    };
    const test = blobs(20, 5);
    const products = Array.from({ length: 20 }, (_, i) => i).flatMap((i) => [
      { image: test.x.slice(i * 8, i * 8 + 8), text: '' },
      { image: null, text: texts[test.y[i] ?? 0] ?? '' },
    ]);
    const probabilities = await productProbabilities(runtime, [
      ...products,
      { image: null, text: ' ' },
    ]);
    const hits = products.filter(
      (_, j) => argmax(probabilities[j] ?? []) === test.y[Math.floor(j / 2)],
    ).length;
    expect(hits).toBeGreaterThanOrEqual(38);
    expect(probabilities[40]).toBeNull();
  });
});
