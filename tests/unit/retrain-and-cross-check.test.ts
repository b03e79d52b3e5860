import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { readCorrections, recordDecision } from '@shared/db/corrections.ts';
import { rankReviewQueue } from '@shared/review/rank-queue.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { readModel } from '@shared/db/model-store.ts';
import {
  crossCheckCatalogue,
  crossCheckFold,
  planCrossCheck,
  type FoldRunner,
} from '../../workers/classify/cross-check.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';

const clean = readStoredRows('tests/fixtures/small-catalogue.csv');
const categories = [...new Set(clean.map((row) => row.category))].sort();
// Every 15th product moved to the next category: 20 label errors among 300 products.
const noisy = clean.map((row, i) =>
  i % 15 === 0
    ? { ...row, category: categories[(categories.indexOf(row.category) + 1) % 5] as string }
    : row,
);
const injected = new Set(noisy.flatMap((row, p) => (row !== clean[p] ? [p] : [])));

async function catalogueDb() {
  const db = await openShelfwiseDb(`loop-${Math.random().toString(36).slice(2)}`);
  const dataset = datasetRecord('d', noisy);
  await db.put('datasets', dataset);
  await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows: noisy });
  return db;
}

describe('retrain with corrections and cross-check', () => {
  beforeAll(useWasmBackend);

  it('a cross-check puts the injected label errors at the top of the queue', async () => {
    const db = await catalogueDb();
    const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 6 };
    const model = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options },
      () => {},
    );
    const before = tf.memory().numTensors;
    const summary = await crossCheckCatalogue(db, undefined, model.id, 3, () => {});
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.rows).toBe(300);
    const predictions = (await db.get('crossChecks', model.id))!;
    // The model's own predictions of its catalogue (labelling) are left as they were.
    expect(await db.get('cataloguePredictions', model.id)).toBeUndefined();
    expect(predictions.crossCheckFolds).toBe(3);
    const queue = rankReviewQueue(
      predictions,
      model.labels,
      noisy.map((row) => row.category),
      'disagreements',
      new Set(),
    );
    const top = queue.slice(0, injected.size).filter((item) => injected.has(item.position));
    // Out-of-fold judges see through almost all of them; the suggestion is the true label.
    expect(top.length).toBeGreaterThanOrEqual(injected.size - 3);
    for (const item of top)
      expect(model.labels[item.suggested]).toBe(clean[item.position]?.category);
  });

  it('helpers that train and classify whole folds store the same cross-check, a failed one included', async () => {
    const db = await catalogueDb();
    const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 };
    const model = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options },
      () => {},
    );
    await crossCheckCatalogue(db, undefined, model.id, 3, () => {});
    const alone = (await db.get('crossChecks', model.id))!;
    // A helper's work without its worker: it plans the same cross-check from the database.
    const plan = await planCrossCheck(db, model.id, 3);
    const given: number[] = [];
    const helper: FoldRunner = (signal, fold, onFraction) => {
      given.push(fold);
      return crossCheckFold(db, signal, plan, fold, onFraction);
    };
    let failures = 0;
    const failing: FoldRunner = () => {
      failures++;
      return Promise.reject(Object.assign(new Error('out of memory'), { name: 'OutOfMemory' }));
    };
    const before = tf.memory().numTensors;
    const summary = await crossCheckCatalogue(
      db,
      undefined,
      model.id,
      3,
      () => {},
      () => ({
        runners: [failing, helper],
        stop: () => {},
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(failures).toBe(1);
    expect(given.length).toBeGreaterThan(0);
    expect(summary.rows).toBe(300);
    const shared = (await db.get('crossChecks', model.id))!;
    expect(Array.from(shared.topClasses)).toEqual(Array.from(alone.topClasses));
    expect(Array.from(shared.topProbabilities)).toEqual(Array.from(alone.topProbabilities));
    expect(summary.disagreements).toBe(
      Array.from({ length: 300 }, (_, p) => p).filter(
        (p) => model.labels[alone.topClasses[p * 3]!] !== noisy[p]!.category,
      ).length,
    );
  });

  it('a retrain keeps the labels and split, learns the corrections and reports both models', async () => {
    const db = await catalogueDb();
    const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 6 };
    const base = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options },
      () => {},
    );
    for (const position of injected) {
      await recordDecision(db, {
        datasetId: 'd',
        position,
        row: noisy[position]!,
        action: 'relabel',
        label: clean[position]!.category,
        reviewer: 'test',
        modelId: base.id,
      });
    }
    expect((await readCorrections(db, 'd')).size).toBe(injected.size);
    const retrained = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options, warmStartModelId: base.id },
      () => {},
    );
    expect(retrained.labels).toEqual(base.labels);
    expect(retrained.options.epochs).toBe(3);
    const [first, second] = await Promise.all([
      readModel(db, base.id),
      readModel(db, retrained.id),
    ]);
    expect(Array.from(second.stored.split!.test)).toEqual(Array.from(first.stored.split!.test));
    const comparison = retrained.comparison!;
    expect(comparison.baseModelId).toBe(base.id);
    expect(comparison.correctedTrainingRows + comparison.correctedHeldOutRows).toBe(injected.size);
    expect(comparison.correctedHeldOutRows).toBeGreaterThan(0);
    // Judged on the corrected truth, the retrained model is at least as good as its base.
    expect(retrained.evaluation.metrics.accuracy).toBeGreaterThanOrEqual(
      comparison.before.accuracy,
    );
  });
});
