import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { explainText } from '../../workers/model/explain.ts';
import { predictLogits } from '../../workers/model/predict.ts';
import { extractFeatures, DEFAULT_TOKENIZER } from '../../workers/text/tokenize.ts';
import { extractOccurrences } from '../../workers/text/feature-occurrences.ts';
import { nearestProducts, vectorizeCatalogue } from '../../workers/classify/nearest-products.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { useWasmBackend } from './tf-setup.ts';

const rows = Papa.parse<{ title: string; category: string }>(
  readFileSync('tests/fixtures/small-catalogue.csv', 'utf8'),
  { header: true, skipEmptyLines: true },
).data;
const labels = [...new Set(rows.map((row) => row.category))].sort();
const stored: StoredRow[] = rows.map((row, i) => ({
  line: i + 2,
  id: String(i),
  title: row.title,
  description: '',
  category: row.category,
  image: '',
}));

describe('extractOccurrences', () => {
  it('yields exactly the hashes extractFeatures does, in order', () => {
    for (const text of ['Red cotton T-shirt for men', '红色 纯棉T恤 男款', 'iphone15手机壳 case']) {
      const occurrences = extractOccurrences(text, DEFAULT_TOKENIZER);
      const features = extractFeatures(text, DEFAULT_TOKENIZER);
      expect(occurrences.word.map((o) => o.hash)).toEqual(features.word);
      expect(occurrences.char.map((o) => o.hash)).toEqual(features.char);
    }
  });

  it('splits CJK runs into one unit per character', () => {
    const { units } = extractOccurrences('红色T恤', DEFAULT_TOKENIZER);
    expect(units.map((u) => u.text)).toEqual(['红', '色', 't', '恤']);
  });
});

describe('explainText and nearestProducts', () => {
  let classifier: ReturnType<typeof loadClassifier>;

  beforeAll(async () => {
    await useWasmBackend();
    const fitted = await fitTextModel(undefined, {
      labels,
      train: {
        texts: rows.map((r) => r.title),
        classes: rows.map((r) => labels.indexOf(r.category)),
      },
      validation: { texts: [], classes: [] },
      options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 6 },
    });
    classifier = loadClassifier({ id: 'm', labels, space: fitted.space, weights: fitted.weights });
  });

  it('contributions plus the bias add up to the logit the model computes', async () => {
    const text = 'Black analog watch with leather strap and unknownword';
    const before = tf.memory().numTensors;
    const logits = await predictLogits(classifier.model, [classifier.index.vectorize(text)]);
    expect(tf.memory().numTensors).toBe(before);
    for (let classId = 0; classId < labels.length; classId++) {
      const explanation = explainText(classifier.index, classifier.model, text, classId);
      const sum = explanation.units.reduce((total, u) => total + u.contribution, explanation.bias);
      expect(sum).toBeCloseTo(logits[classId] as number, 4);
      expect(explanation.logit).toBeCloseTo(logits[classId] as number, 4);
    }
  });

  it('credits the telling word most for the predicted class', () => {
    const watchClass = labels.indexOf('Accessories > Watches > Watches');
    expect(watchClass).toBeGreaterThanOrEqual(0);
    const explanation = explainText(classifier.index, classifier.model, 'acme watch', watchClass);
    const [acme, watch] = explanation.units;
    expect(watch?.text).toBe('watch');
    expect(watch!.contribution).toBeGreaterThan(acme!.contribution);
    expect(watch!.contribution).toBeGreaterThan(0);
  });

  it('finds the catalogue product itself first, with similarity 1', () => {
    const catalogue = vectorizeCatalogue(classifier.index, stored);
    const target = stored[7]!;
    const found = nearestProducts(classifier.index, catalogue, { title: target.title }, 3);
    expect(found).toHaveLength(3);
    expect(found[0]?.similarity).toBeCloseTo(1, 5);
    expect(found[0]?.title).toBe(target.title);
    expect(found[1]!.similarity).toBeLessThanOrEqual(found[0]!.similarity);
    expect(nearestProducts(classifier.index, catalogue, { title: '' }, 3)).toEqual([]);
  });
});
