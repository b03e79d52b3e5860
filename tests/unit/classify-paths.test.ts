import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { classifyPaths } from '../../workers/taxonomy/classify-paths.ts';
import { evaluateHierarchy } from '../../workers/taxonomy/evaluate-hierarchy.ts';
import { predictProbabilities } from '../../workers/model/predict.ts';
import { useWasmBackend } from './tf-setup.ts';
import { splitSmallCatalogue } from './catalogue-fixture.ts';

const { labels, split, part } = splitSmallCatalogue();

describe('hierarchical prediction with a trained model', () => {
  beforeAll(useWasmBackend);

  it('predicts consistent paths, backs off when unsure, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const fitted = await fitTextModel(undefined, {
      labels,
      train: part(split.train),
      validation: part(split.validation),
      options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 8 },
    });
    const classifier = loadClassifier({
      id: 'm',
      labels,
      space: fitted.space,
      weights: fitted.weights,
    });

    const [watch] = await classifyPaths(
      classifier,
      [{ title: 'Casio Men Black Digital Watch' }],
      0.5,
    );
    expect(watch?.path).toEqual(['Accessories', 'Watches', 'Watches']);
    expect(watch?.backedOff).toBe(false);

    // Whatever the threshold, a backed-off answer is an ancestor on the best path itself,
    // at least as likely as the threshold: never a contradiction of the leaf.
    const test = part(split.test);
    const products = test.texts.map((title) => ({ title }));
    for (const threshold of [0.9, 0.99, 0.9999]) {
      for (const result of await classifyPaths(classifier, products, threshold)) {
        if (result.backedOff) {
          expect(result.leafProbability).toBeLessThan(threshold);
          expect(result.leafPath.slice(0, result.path.length)).toEqual(result.path);
          expect(result.path.length).toBeLessThan(result.leafPath.length);
          if (result.path.length > 0) expect(result.probability).toBeGreaterThanOrEqual(threshold);
        } else {
          expect(result.path).toEqual(result.leafPath);
          expect(result.probability).toBeGreaterThanOrEqual(threshold);
        }
      }
    }
    const impossible = await classifyPaths(classifier, products.slice(0, 3), 1.01);
    expect(impossible.map((r) => [r.path, r.backedOff])).toEqual([
      [[], true],
      [[], true],
      [[], true],
    ]);

    const probabilities = await predictProbabilities(
      classifier.model,
      test.texts.map((text) => classifier.index.vectorize(text)),
      classifier.temperature,
    );
    const evaluation = evaluateHierarchy(labels, probabilities, test.classes, 0.5);
    expect(evaluation?.depth).toBe(3);
    expect(evaluation?.flat.levels.map((level) => level.count)).toEqual([
      test.texts.length,
      test.texts.length,
      test.texts.length,
    ]);
    // Five well-separated categories: right at the top level nearly always.
    expect(evaluation?.flat.levels[0]?.accuracy).toBeGreaterThan(0.9);
    expect(evaluation?.flat.levels[0]?.accuracy).toBeGreaterThanOrEqual(
      evaluation?.flat.leafAccuracy ?? 1,
    );
    // Back-off never lowers hierarchical precision.
    expect(evaluation?.backOff.hierarchicalPrecision).toBeGreaterThanOrEqual(
      evaluation?.flat.hierarchicalPrecision ?? 1,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports nothing for flat labels', () => {
    expect(evaluateHierarchy(['a', 'b'], Float32Array.from([0.7, 0.3]), [0])).toBeNull();
  });
});
