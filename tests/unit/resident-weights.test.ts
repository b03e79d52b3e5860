import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import {
  classifyProducts,
  loadClassifier,
  releaseClassifier,
} from '../../workers/classify/classify.ts';
import { predictSegmentedLogits, predictTop } from '../../workers/model/predict.ts';
import { RESIDENT_VALUE_LIMIT, ResidentWeights } from '../../workers/model/resident-weights.ts';
import { useWasmBackend } from './tf-setup.ts';
import { splitSmallCatalogue } from './catalogue-fixture.ts';

async function trainedModel() {
  const { rows, labels, split, part } = splitSmallCatalogue();
  const fitted = await fitTextModel(undefined, {
    labels,
    train: part(split.train),
    validation: part(split.validation),
    options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 },
  });
  const products = rows.map((row) => ({ title: row.title }));
  return { labels, fitted, products };
}

describe('ResidentWeights', () => {
  beforeAll(useWasmBackend);

  it('gives the logits of the per-chunk block path, holds one tensor, and frees it', async () => {
    const { labels, fitted, products } = await trainedModel();
    const before = tf.memory().numTensors;
    const plain = loadClassifier({ id: 'm', labels, ...fitted });
    const serving = loadClassifier({ id: 'm', labels, ...fitted }, { serving: true });
    const rows = plain.index.vectorizeAll(products.map((p) => p.title));
    const viaBlocks = await predictSegmentedLogits(plain.model, rows);
    const viaTable = await predictSegmentedLogits(serving.model, rows, serving.resident);
    expect(serving.resident?.tensorCount).toBe(1);
    expect(viaTable).toHaveLength(viaBlocks.length);
    let largest = 0;
    viaBlocks.forEach((value, i) => (largest = Math.max(largest, Math.abs(value - viaTable[i]!))));
    // The same sums in another order: equal up to float32 rounding.
    expect(largest).toBeLessThan(1e-4);
    // A second batch reuses the table rather than uploading another.
    await predictTop(serving.model, rows, 3, 1, serving.resident);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(await classifyProducts(serving, products.slice(0, 40), 3)).toEqual(
      await classifyProducts(plain, products.slice(0, 40), 3),
    );
    releaseClassifier(serving);
    expect(serving.resident?.tensorCount).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uploads again on another backend, and declines a table over its limit', async () => {
    const { labels, fitted } = await trainedModel();
    const serving = loadClassifier({ id: 'm', labels, ...fitted }, { serving: true });
    const resident = serving.resident!;
    const onWasm = resident.table(serving.index.space.idf);
    await tf.setBackend('cpu');
    try {
      const onCpu = resident.table(serving.index.space.idf);
      expect(onCpu).not.toBe(onWasm);
      expect(onWasm?.isDisposed).toBe(true);
      expect(resident.tensorCount).toBe(1);
    } finally {
      releaseClassifier(serving);
      await tf.setBackend('wasm');
    }
    const huge = new ResidentWeights({
      featureCount: RESIDENT_VALUE_LIMIT,
      classCount: 1,
      weights: new Float32Array(RESIDENT_VALUE_LIMIT + 1),
    });
    expect(huge.table(null)).toBeNull();
    expect(huge.tensorCount).toBe(0);
  });
});
