import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowLoss, trainingLoss, trainingLossAndGradient } from '../../workers/model/losses.ts';
import { applyLazyAdam, createLazyAdam } from '../../workers/model/lazy-adam.ts';
import { createLinearModel } from '../../workers/model/linear-model.ts';
import { resolveEpochs, scheduledRate } from '../../workers/train/fit-text-model.ts';
import { useWasmBackend } from './tf-setup.ts';

describe('losses', () => {
  beforeAll(useWasmBackend);

  it('squared hinge is one-vs-rest: sum of squared margin violations', async () => {
    // Row 0, truth 0, scores [0.5, 0.2, -2]: (1-0.5)² + (1+0.2)² + max(0, 1-2)² = 0.25 + 1.44 + 0
    // Row 1, truth 2, scores [0, 0, 3]: 1 + 1 + 0 = 2. Mean over rows: (1.69 + 2) / 2.
    const before = tf.memory().numTensors;
    const value = tf.tidy(() =>
      trainingLoss(
        'squaredHinge',
        tf.tensor2d([0.5, 0.2, -2, 0, 0, 3], [2, 3]),
        tf.tensor1d([0, 2], 'int32'),
        undefined,
        0,
      ),
    );
    expect((await value.data())[0]).toBeCloseTo(1.845, 5);
    value.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the loss with the gradient TF.js differentiates, weighted or not, for every kind', () => {
    const before = tf.memory().numTensors;
    const logits = tf.tensor2d([0.5, 0.2, -2, 0, 0, 3, 1.5, -0.5, 0.9], [3, 3]);
    const classes = tf.tensor1d([0, 2, 1], 'int32');
    const weights = tf.tensor1d([1, 0.5, 2]);
    for (const kind of ['softmax', 'squaredHinge', 'focal'] as const) {
      for (const sampleWeights of [undefined, weights]) {
        const [loss, gradient, expectedLoss, expectedGradient] = tf.tidy(() => {
          const both = trainingLossAndGradient(kind, logits, classes, sampleWeights, 0);
          const { value, grad } = tf.valueAndGrad((z: tf.Tensor) =>
            trainingLoss(kind, z as tf.Tensor2D, classes, sampleWeights, 0),
          )(logits);
          return [
            both.loss.arraySync(),
            both.gradient.arraySync(),
            value.arraySync(),
            grad.arraySync(),
          ];
        });
        expect(loss).toBeCloseTo(expectedLoss as number, 5);
        (gradient as number[][])
          .flat()
          .forEach((g, i) => expect(g).toBeCloseTo((expectedGradient as number[][]).flat()[i]!, 5));
      }
    }
    tf.dispose([logits, classes, weights]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rowLoss gives the same value as the training loss, for every kind', async () => {
    const logits = new Float32Array([0.5, 0.2, -2, 0, 0, 3]);
    for (const kind of ['softmax', 'squaredHinge', 'focal'] as const) {
      const tensor = tf.tidy(() =>
        trainingLoss(kind, tf.tensor2d(logits, [2, 3]), tf.tensor1d([0, 2], 'int32'), undefined, 0),
      );
      const expected = (rowLoss(kind, logits, 0, 3, 0) + rowLoss(kind, logits, 3, 3, 2)) / 2;
      expect((await tensor.data())[0]).toBeCloseTo(expected, 5);
      tensor.dispose();
    }
  });

  it('focal loss is cross-entropy times (1 - p)^2, so confident rows weigh little', async () => {
    // Two classes with logits [0, 0]: p = 0.5, cross-entropy ln 2, focal 0.25 * ln 2.
    // Logits [4, 0]: p = 1 / (1 + e^-4); the focal loss is far below the cross-entropy.
    const even = rowLoss('focal', new Float32Array([0, 0]), 0, 2, 0);
    expect(even).toBeCloseTo(0.25 * Math.log(2), 6);
    const confident = new Float32Array([4, 0]);
    const p = 1 / (1 + Math.exp(-4));
    expect(rowLoss('focal', confident, 0, 2, 0)).toBeCloseTo((1 - p) ** 2 * -Math.log(p), 6);
    expect(rowLoss('focal', confident, 0, 2, 0)).toBeLessThan(
      rowLoss('softmax', confident, 0, 2, 0) / 50,
    );
  });

  it('sample weights scale each row of the hinge loss', async () => {
    const value = tf.tidy(() =>
      trainingLoss(
        'squaredHinge',
        tf.tensor2d([0, 0], [1, 2]),
        tf.tensor1d([0], 'int32'),
        tf.tensor1d([3]),
        0,
      ),
    );
    // Both margins are violated by 1: (1 + 1) * 3.
    expect((await value.data())[0]).toBeCloseTo(6, 5);
    value.dispose();
  });
});

describe('lazy Adam', () => {
  it('updates only the rows it is given, by the Adam rule', () => {
    const model = createLinearModel(3, 2);
    const state = createLazyAdam(model);
    applyLazyAdam(model, state, Int32Array.from([1]), new Float32Array([0.5, -2]), {
      learningRate: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    // First step: m̂ = g, v̂ = g², so every touched weight moves by -lr * sign(g).
    expect(Array.from(model.weights.slice(2, 4)).map((w) => Number(w.toFixed(5)))).toEqual([
      -0.1, 0.1,
    ]);
    expect(Array.from(model.weights.slice(0, 2))).toEqual([0, 0]);
    expect(Array.from(model.weights.slice(4))).toEqual([0, 0, 0, 0]);
    expect(state.step).toBe(1);
  });
});

describe('resolveEpochs', () => {
  it('keeps explicit epochs and scales automatic ones with the catalogue', () => {
    expect(resolveEpochs({ epochs: 7, batchSize: 64 }, 100)).toBe(7);
    expect(resolveEpochs({ epochs: 'auto', batchSize: 64 }, 782)).toBe(30);
    expect(resolveEpochs({ epochs: 'auto', batchSize: 64 }, 9811)).toBe(13);
    expect(resolveEpochs({ epochs: 'auto', batchSize: 64 }, 24763)).toBe(6);
  });
});

describe('scheduledRate', () => {
  it('is constant by default and decays linearly to a floor when asked', () => {
    expect(scheduledRate({ learningRate: 0.01, schedule: 'constant' }, 0.9)).toBe(0.01);
    expect(scheduledRate({ learningRate: 0.01, schedule: 'linear' }, 0)).toBeCloseTo(0.01);
    expect(scheduledRate({ learningRate: 0.01, schedule: 'linear' }, 0.5)).toBeCloseTo(0.005);
    expect(scheduledRate({ learningRate: 0.01, schedule: 'linear' }, 1)).toBeCloseTo(0.0005);
  });
});
