import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '@shared/metrics.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '@shared/contracts/train.ts';
import {
  CheckpointPace,
  fitTextModel,
  type FitHooks,
  type TrainCheckpoint,
} from '../../workers/train/fit-text-model.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import { useWasmBackend } from './tf-setup.ts';
import { splitSmallCatalogue } from './catalogue-fixture.ts';

const { labels, split, part } = splitSmallCatalogue();

/** The small catalogue's train and validation parts, trained with `options` over the defaults. */
function fitSmall(options: Partial<TrainOptions>, hooks?: FitHooks, signal?: AbortSignal) {
  return fitTextModel(
    signal,
    {
      labels,
      train: part(split.train),
      validation: part(split.validation),
      options: { ...DEFAULT_TRAIN_OPTIONS, ...options },
    },
    hooks,
  );
}

describe('fitTextModel', () => {
  beforeAll(useWasmBackend);

  it('reaches 90% held-out accuracy on five categories and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const checkpoints: number[] = [];
    const fitted = await fitSmall(
      { epochs: 8 },
      { onCheckpoint: async (checkpoint) => void checkpoints.push(checkpoint.epoch) },
    );
    const classifier = loadClassifier({
      labels,
      space: fitted.space,
      weights: fitted.weights,
      id: 'm',
    });
    const test = part(split.test);
    const ranked = await classifyProducts(
      classifier,
      test.texts.map((title) => ({ title })),
      3,
    );
    const predicted = ranked.map((top) => labels.indexOf(top[0]?.label ?? ''));
    const metrics = computeMetrics(test.classes, predicted, labels);

    expect(test.texts.length).toBe(60);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(checkpoints).toEqual(fitted.history.map((h) => h.epoch));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips checkpoints while writing them would cost more than a tenth of the run', async () => {
    const written: number[] = [];
    const fitted = await fitSmall(
      { epochs: 12, patience: 12 },
      {
        // A slow disk: each write takes far longer than an epoch of this small catalogue.
        onCheckpoint: async (checkpoint) => {
          written.push(checkpoint.epoch);
          await new Promise((resolve) => setTimeout(resolve, 150));
        },
      },
    );
    expect(fitted.history).toHaveLength(12);
    expect(written[0]).toBe(1);
    expect(written.length).toBeLessThan(12);
  });

  it('paces checkpoints by what the last one cost', () => {
    const pace = new CheckpointPace();
    expect(pace.due(0)).toBe(true);
    // A quick write never holds the next one back.
    pace.done(1000, 1050);
    expect(pace.due(1051)).toBe(true);
    // A slow one (200 ms) waits ten times its cost.
    pace.done(1100, 1300);
    expect(pace.due(3000)).toBe(false);
    expect(pace.due(3300)).toBe(true);
  });

  it('stops at the next batch when cancelled and returns what it has', async () => {
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const fitted = await fitSmall(
      { batchSize: 16 },
      {
        onProgress: (progress) => {
          if (progress.kind === 'batch' || progress.kind === 'epoch') controller.abort();
        },
      },
      controller.signal,
    );
    expect(fitted.cancelled).toBe(true);
    expect(fitted.history.length).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a checkpoint without repeating finished epochs', async () => {
    const input = { labels, train: part(split.train), validation: part(split.validation) };
    let saved: TrainCheckpoint | null = null;
    await fitTextModel(
      undefined,
      { ...input, options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 2, patience: 10 } },
      {
        onCheckpoint: async (checkpoint) => void (saved = checkpoint),
      },
    );
    expect(saved).not.toBeNull();
    const resumed = await fitTextModel(undefined, {
      ...input,
      options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 4, patience: 10 },
      resume: saved ?? undefined,
    });
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('trains the same model when a large part is vectorised batch by batch', async () => {
    const input = {
      labels,
      train: part(split.train),
      validation: part(split.validation),
      options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 },
    };
    const before = tf.memory().numTensors;
    const kept = await fitTextModel(undefined, input);
    const streamed = await fitTextModel(undefined, { ...input, keptVectorRows: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(streamed.history.map((h) => h.validationLoss)).toEqual(
      kept.history.map((h) => h.validationLoss),
    );
    expect(streamed.weights.map((w) => Array.from(w.data))).toEqual(
      kept.weights.map((w) => Array.from(w.data)),
    );
  });

  it('rejects class ids outside the label list', async () => {
    await expect(
      fitTextModel(undefined, {
        labels: ['a', 'b'],
        train: { texts: ['x', 'y'], classes: [0, 2] },
        validation: { texts: [], classes: [] },
        options: DEFAULT_TRAIN_OPTIONS,
      }),
    ).rejects.toMatchObject({ name: 'InvalidInput' });
  });
});
