import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, sumIntoRows } from '../../workers/deep/gather-rows.ts';
import { batchMatMul, matMul } from '../../workers/deep/matmul.ts';
import { maxPoolOverTime } from '../../workers/deep/max-pool.ts';
import { useWasmBackend } from './tf-setup.ts';

/** Gradients of f at x, on the cpu backend, where TF.js's own gradients all exist. */
async function cpuGradients(f: (...x: tf.Tensor[]) => tf.Scalar, inputs: tf.Tensor[]) {
  const grads = tf.grads(f)(inputs);
  const values = await Promise.all(grads.map((g) => g.array()));
  tf.dispose(grads);
  return values;
}

const close = (a: unknown, b: unknown) => {
  const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
  const [fa, fb] = [flat(a), flat(b)];
  expect(fa.length).toBe(fb.length);
  fa.forEach((v, i) => expect(v).toBeCloseTo(fb[i] as number, 4));
};

describe('layers whose gradients run on wasm', () => {
  let previous: string;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    if (previous) await tf.setBackend(previous);
  });

  const table = () => tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
  const weights = () => tf.tensor([0.5, -1, 2, 3, 1, -2, 0.1, 0.2, 0.3, 1, 1, 1], [4, 3]);

  it('gatherRows has the gradient of tf.gather, repeated rows summed', async () => {
    const indices = tf.tensor2d([0, 2, 2, 1], [2, 2], 'int32');
    const loss = (gather: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) =>
      gather(t).reshape([4, 3]).mul(weights()).sum() as tf.Scalar;
    const ours = await cpuGradients(
      loss((t) => gatherRows(t, indices)),
      [table()],
    );
    const stock = await cpuGradients(
      loss((t) => tf.gather(t, indices)),
      [table()],
    );
    close(ours, stock);
    // Row 2 was gathered twice: its gradient is the sum of both.
    close((ours[0] as number[][])[2], [0.1 + 3, 0.2 + 1, 0.3 - 2]);
  });

  it('sumIntoRows is a segment sum with the gradient of tf.unsortedSegmentSum', async () => {
    const segments = tf.tensor1d([1, 0, 1], 'int32');
    const mix = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const ours = await cpuGradients(
      (t) =>
        sumIntoRows(t as tf.Tensor2D, segments, 2)
          .mul(mix)
          .sum() as tf.Scalar,
      [table()],
    );
    const stock = await cpuGradients(
      (t) => tf.unsortedSegmentSum(t, segments, 2).mul(mix).sum() as tf.Scalar,
      [table()],
    );
    close(ours, stock);
    const value = sumIntoRows(table(), segments, 3);
    close(await value.array(), [
      [4, 5, 6],
      [8, 10, 12],
      [0, 0, 0],
    ]);
    value.dispose();
  });

  it('matMul and batchMatMul have the gradients of tf.matMul', async () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, -1, 2, 0.5, 3], [3, 2]);
    const f = (mm: typeof matMul) => (x: tf.Tensor, y: tf.Tensor) =>
      mm(x as tf.Tensor2D, y as tf.Tensor2D)
        .square()
        .sum() as tf.Scalar;
    close(await cpuGradients(f(matMul), [a, b]), await cpuGradients(f(tf.matMul), [a, b]));
    const a3 = tf.stack([a, a.mul(2)]);
    const b3 = tf.stack([b, b.neg()]);
    const g = (mm: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
      mm(x, y).square().sum() as tf.Scalar;
    close(await cpuGradients(g(batchMatMul), [a3, b3]), await cpuGradients(g(tf.matMul), [a3, b3]));
  });

  it('maxPoolOverTime has the gradient of max over axis 1', async () => {
    const x = tf.tensor3d([1, 5, 3, 2, 4, 0, 7, 1, 2, 9, 3, 3], [2, 3, 2]);
    const scale = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const ours = await cpuGradients(
      (t) =>
        maxPoolOverTime(t as tf.Tensor3D)
          .mul(scale)
          .sum() as tf.Scalar,
      [x],
    );
    const stock = await cpuGradients((t) => t.max(1).mul(scale).sum() as tf.Scalar, [x]);
    close(ours, stock);
  });
});

describe('the same layers train on wasm', () => {
  beforeAll(useWasmBackend);

  it('take a gradient step with no kernel missing and no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const [grad] = tf.tidy(() => {
      const t = tf.randomNormal([5, 4]);
      const g = tf.grads((u: tf.Tensor) => {
        const rows = gatherRows(u, tf.tensor1d([0, 3, 3, 1], 'int32')) as tf.Tensor2D;
        const summed = sumIntoRows(rows, tf.tensor1d([0, 0, 1, 1], 'int32'), 2);
        const mixed = matMul(summed, tf.ones([4, 3]) as tf.Tensor2D);
        return maxPoolOverTime(mixed.reshape([1, 2, 3]) as tf.Tensor3D).sum() as tf.Scalar;
      })([t]);
      return [g[0]!];
    });
    expect(grad!.shape).toEqual([5, 4]);
    expect(Array.from(await grad!.data()).some((v) => v !== 0)).toBe(true);
    grad!.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
