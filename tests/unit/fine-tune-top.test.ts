import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFloat16 } from '../../workers/lifecycle/quantize.ts';
import {
  activationsInMemory,
  DEFAULT_FINE_TUNE_OPTIONS,
  fineTuneTop,
  type FineTuneState,
} from '../../workers/image/fine-tune.ts';
import {
  disposeTop,
  foldTop,
  restoreTop,
  savedTop,
  topForward,
  topTensors,
} from '../../workers/image/top-blocks.ts';
import { shippedMobileNetV2, tinyMobileNetV2 } from '../fixtures/tiny-mobilenet-v2.ts';
import { useWasmBackend } from './tf-setup.ts';

let model: tf.Sequential;
let network: tf.LayersModel;
let base: tf.LayersModel;
beforeAll(async () => {
  await useWasmBackend();
  model = tinyMobileNetV2();
  network = model.layers[0] as tf.LayersModel;
  base = tf.model({ inputs: network.inputs, outputs: network.getLayer('block_15_add').output });
});
afterAll(() => model.dispose());

const maxDifference = (a: tf.Tensor, b: tf.Tensor) =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('the top of MobileNet v2 as matrix products', () => {
  it('computes what the network computes, before any training (tiny network)', () => {
    const before = tf.memory().numTensors;
    const top = foldTop(network, [16]);
    // Three photos of different colours, with noise.
    const photos = tf.tidy(() =>
      tf.add(
        tf.randomUniform([3, 56, 56, 3], -0.4, 0.4, 'float32', 5),
        tf.tensor4d([0.5, 0, -0.5, 0, 0.5, 0, -0.5, 0, 0.5], [3, 1, 1, 3]),
      ),
    );
    const expected = model.predict(photos) as tf.Tensor;
    const got = tf.tidy(() => topForward(base.predict(photos) as tf.Tensor4D, top));
    expect(got.shape).toEqual(expected.shape);
    expect(maxDifference(got, expected)).toBeLessThan(1e-5);
    // Not trivially equal: the embedding varies from photo to photo.
    expect(
      tf.tidy(() => tf.mean(tf.moments(expected, 0).variance).dataSync()[0] as number),
    ).toBeGreaterThan(1e-5);
    tf.dispose([photos, expected, got]);
    disposeTop(top);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('computes what the shipped MobileNet v2 0.35 computes', async () => {
    const shipped = await shippedMobileNetV2();
    const inner = shipped.layers[0] as tf.LayersModel;
    const cut = tf.model({ inputs: inner.inputs, outputs: inner.getLayer('block_15_add').output });
    const top = foldTop(inner, [16]);
    const photos = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 9);
    const expected = shipped.predict(photos) as tf.Tensor;
    const map = cut.predict(photos) as tf.Tensor4D;
    expect(map.shape).toEqual([2, 7, 7, 56]);
    const got = tf.tidy(() => topForward(map, top));
    expect(got.shape).toEqual([2, 1280]);
    const scale = tf.tidy(() => tf.max(tf.abs(expected)).dataSync()[0] as number);
    expect(maxDifference(got, expected)).toBeLessThan(scale * 1e-4);
    tf.dispose([photos, expected, map, got]);
    disposeTop(top);
    shipped.dispose();
  });

  it('stores and restores the top exactly', () => {
    const top = foldTop(network, [16]);
    const restored = restoreTop(savedTop(top, [16]), [16]);
    topTensors(top).forEach((t, i) => {
      const other = topTensors(restored)[i] as tf.Tensor;
      expect(other.shape).toEqual(t.shape);
      expect(maxDifference(t, other)).toBe(0);
    });
    disposeTop(top);
    disposeTop(restored);
  });
});

/** Activations of two classes told apart by the photo's brightness, through the tiny stem. */
function activationSet(count: number, seed: number) {
  const labels = Int32Array.from({ length: count }, (_, i) => i % 2);
  // Class 0 is reddish, class 1 bluish, with noise: a colour, not a brightness, tells them apart.
  const photos = tf.tidy(() =>
    tf.concat(
      Array.from(labels, (label, i) =>
        tf.add(
          tf.randomUniform([1, 56, 56, 3], -0.5, 0.5, 'float32', seed + i),
          tf.tensor1d(label ? [-0.5, 0, 0.5] : [0.5, 0, -0.5]),
        ),
      ),
    ),
  );
  const map = base.predict(photos) as tf.Tensor4D;
  const bits = toFloat16(map.dataSync() as Float32Array);
  const shape = map.shape.slice(1) as [number, number, number];
  tf.dispose([photos, map]);
  return activationsInMemory(bits, labels, shape, 1);
}

describe('fineTuneTop', () => {
  const options = { ...DEFAULT_FINE_TUNE_OPTIONS, epochs: 2, batchSize: 8, seed: 3 };

  it('trains the top and the head on wasm, checkpoints each epoch, frees its tensors', async () => {
    const train = activationSet(32, 100);
    const validation = activationSet(8, 500);
    const initial = foldTop(network, [16]);
    const before = tf.memory().numTensors;
    const states: FineTuneState[] = [];
    const progress: number[] = [];
    const result = await fineTuneTop(
      undefined,
      train,
      validation,
      initial,
      2,
      options,
      (p) => progress.push(p.batches),
      async (state) => void states.push(state),
    );
    expect(states.map((s) => s.epoch)).toEqual([1, 2]);
    expect(result.history).toHaveLength(2);
    expect(progress.at(-1)).toBe(8);
    // Two easy classes: the validation photos are told apart.
    expect(result.history.at(-1)?.validationAccuracy).toBeGreaterThanOrEqual(0.75);
    // The top moved away from the shipped weights.
    const moved = maxDifference(result.top.head.kernel, initial.head.kernel);
    expect(moved).toBeGreaterThan(0);
    disposeTop(result.top);
    // The states handed to onEpoch were freed after it returned (but the last, the result).
    expect(tf.memory().numTensors).toBe(before);
    disposeTop(initial);
  });

  it('resumes after the last checkpointed epoch', async () => {
    const train = activationSet(16, 200);
    const initial = foldTop(network, [16]);
    let first: FineTuneState | null = null;
    const oneEpoch = await fineTuneTop(
      undefined,
      train,
      null,
      initial,
      2,
      {
        ...options,
        epochs: 1,
      },
      undefined,
      async (state) => {
        first = { ...state, top: restoreTop(savedTop(state.top, [16]), [16]) };
      },
    );
    disposeTop(oneEpoch.top);
    const epochs: number[] = [];
    const resumed = await fineTuneTop(
      undefined,
      train,
      null,
      initial,
      2,
      options,
      (p) => epochs.push(p.epoch),
      undefined,
      first,
    );
    expect(new Set(epochs)).toEqual(new Set([2]));
    expect(resumed.history).toHaveLength(2);
    disposeTop(resumed.top);
    if (first) disposeTop((first as FineTuneState).top);
    disposeTop(initial);
  });

  it('trains on the plain JavaScript backend too (no backend-specific gradient is used)', async () => {
    const train = activationSet(16, 400);
    await tf.setBackend('cpu');
    try {
      const initial = foldTop(network, [16]);
      const result = await fineTuneTop(undefined, train, null, initial, 2, {
        ...options,
        epochs: 1,
      });
      expect(result.history).toHaveLength(1);
      expect(Number.isFinite(result.history[0]?.loss)).toBe(true);
      disposeTop(result.top);
      disposeTop(initial);
    } finally {
      await useWasmBackend();
    }
  });

  it('stops at the next batch when cancelled, leaking nothing', async () => {
    const train = activationSet(32, 300);
    const initial = foldTop(network, [16]);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const reported: number[] = [];
    await expect(
      fineTuneTop(controller.signal, train, null, initial, 2, options, (p) => {
        reported.push(p.batches);
        controller.abort();
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // The first batch reports (progress is throttled, but never the first report) and the
    // next one sees the abort: the run stops after one batch of many.
    expect(reported).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
    disposeTop(initial);
  });
});
