import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import { readModel } from '@shared/db/model-store.ts';
import { exportModelBundle } from '../../workers/lifecycle/export-bundle.ts';
import { importModelBundle } from '../../workers/lifecycle/import-bundle.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import {
  DEFAULT_PRETRAIN_OPTIONS,
  pretrainSubwords,
  type PretrainCheckpoint,
} from '../../workers/deep/pretrain.ts';
import { nearestWords } from '../../workers/deep/word-vectors.ts';
import { chooseMix, mixScores } from '../../workers/deep/ensemble.ts';
import { explainDeep } from '../../workers/deep/explain-deep.ts';
import { crossCheckCatalogue } from '../../workers/classify/cross-check.ts';
import { classifyCatalogue } from '../../workers/classify/classify-catalogue.ts';
import { estimatePresets } from '../../workers/deep/estimate.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';
import { SAMPLE_TITLES } from '../fixtures/sample-titles.ts';

const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
const texts = rows.map((row) => row.title);
const freshDb = () => openShelfwiseDb(`best-${Math.random().toString(36).slice(2)}`);

function inputOf(corpus: readonly string[]) {
  const vocab = buildVocab(corpus);
  const encoder = new TypeEncoder(vocab);
  return {
    vocab,
    input: {
      types: encoder.types,
      unitCount: encoder.unitCount,
      wordCounts: vocab.wordCounts,
      texts: corpus.map((text) => encoder.encode(text)),
    },
  };
}

describe('subword pretraining', () => {
  beforeAll(useWasmBackend);

  it('lowers its loss epoch after epoch, continues from a checkpoint, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const { input } = inputOf(texts);
    const options = { ...DEFAULT_PRETRAIN_OPTIONS, epochs: 4 };
    const checkpoints: PretrainCheckpoint[] = [];
    const whole = await pretrainSubwords(undefined, input, options, {
      onCheckpoint: async (checkpoint) => void checkpoints.push(checkpoint),
    });
    expect(whole.losses).toHaveLength(4);
    for (let e = 1; e < 4; e++) expect(whole.losses[e]!).toBeLessThan(whole.losses[e - 1]!);
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3]);
    // The same epochs' batches from epoch 3 on; Adam's moments start afresh (as the linear
    // model's do), so the result is close to the uninterrupted run's, not equal to it.
    const resumed = await pretrainSubwords(undefined, input, options, { resume: checkpoints[1] });
    expect(resumed.losses.slice(0, 2)).toEqual(whole.losses.slice(0, 2));
    expect(resumed.losses).toHaveLength(4);
    expect(Math.abs(resumed.losses[3]! - whole.losses[3]!)).toBeLessThan(0.05 * whole.losses[3]!);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at the next step when cancelled', async () => {
    const { input } = inputOf(texts);
    const controller = new AbortController();
    const run = pretrainSubwords(controller.signal, input, DEFAULT_PRETRAIN_OPTIONS, {
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  const myntra = '../shared/bench/myntra/train.csv';
  it.skipIf(!existsSync(myntra))(
    'puts brands near brands and watch words near watches on real product titles',
    async () => {
      const titles = Papa.parse<{ title: string }>(readFileSync(myntra, 'utf8'), {
        header: true,
        skipEmptyLines: true,
      })
        .data.slice(0, 10_000)
        .map((row) => row.title);
      const { vocab, input } = inputOf(titles);
      const { units } = await pretrainSubwords(undefined, input, {
        ...DEFAULT_PRETRAIN_OPTIONS,
        epochs: 3,
      });
      const near = (word: string) =>
        nearestWords(vocab, units, titles, word, 10).map((n) => n.word);
      // Context, not spelling: these share no character n-gram with the probe.
      expect(near('nike').some((w) => ['adidas', 'reebok', 'puma', 'rockport'].includes(w))).toBe(
        true,
      );
      expect(
        near('watch').some((w) =>
          ['analogue', 'analog', 'chronograph', 'casio', 'timex'].includes(w),
        ),
      ).toBe(true);
      expect(
        near('kurta').some((w) => ['sari', 'dress', 'dupatta', 'salwar', 'churidar'].includes(w)),
      ).toBe(true);
    },
  );
});

describe('the mix of the linear and the deep model', () => {
  // Three classes, six validation rows. The linear model is right on rows 0-3, the deep model on
  // rows 2-5; mixed, they are right on all six: the chosen weight must be strictly inside (0, 1).
  const truth = [0, 1, 2, 0, 1, 2];
  const logits = (right: boolean[]) =>
    Float32Array.from(
      truth.flatMap((t, r) => [0, 1, 2].map((c) => (c === (right[r] ? t : (t + 1) % 3) ? 2 : 0))),
    );
  const linear = logits([true, true, true, true, false, false]);
  const deep = logits([false, false, true, true, true, true]);
  // Where one model is wrong it is only mildly sure; where right, very sure.
  for (const [scores, sure] of [
    [linear, [1, 1, 1, 1, 0, 0]],
    [deep, [0, 0, 1, 1, 1, 1]],
  ] as const)
    truth.forEach((t, r) => {
      if (sure[r]) scores[r * 3 + t] = 6;
    });
  const labels = ['a', 'b', 'c'];

  it('chooses a weight that beats either model alone on the validation rows', () => {
    const chosen = chooseMix(linear, deep, 3, truth, labels);
    expect(chosen.mix.weight).toBeGreaterThan(0);
    expect(chosen.mix.weight).toBeLessThan(1);
    const mixed = chosen.tried.find((t) => t.weight === chosen.mix.weight)!;
    expect(mixed.accuracy).toBe(1);
    expect(chosen.tried.find((t) => t.weight === 0)!.accuracy).toBeCloseTo(4 / 6);
    expect(chosen.tried.find((t) => t.weight === 1)!.accuracy).toBeCloseTo(4 / 6);
  });

  it('gives a useless deep model no weight, and weight 0 reproduces the linear ranking', () => {
    const flat = new Float32Array(linear.length);
    const chosen = chooseMix(linear, flat, 3, truth, labels);
    expect(chosen.mix.weight).toBe(0);
    const scores = mixScores(linear, flat, 3, chosen.mix);
    for (let r = 0; r < truth.length; r++) {
      const row = (a: Float32Array) => Array.from(a.slice(r * 3, r * 3 + 3));
      const order = (v: number[]) => v.map((_, i) => i).sort((x, y) => v[y]! - v[x]!);
      expect(order(row(scores))).toEqual(order(row(linear)));
    }
  });
});

describe('training, using and moving a Best model', () => {
  let db: ShelfwiseDb;
  let model: ModelRecord;

  beforeAll(async () => {
    await useWasmBackend();
    db = await freshDb();
    await db.put('datasets', datasetRecord('d', rows));
    await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
    const before = tf.memory().numTensors;
    const kinds = new Set<string>();
    model = await runTrainJob(
      db,
      undefined,
      {
        datasetId: 'd',
        backend: 'wasm',
        preset: 'best',
        options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 4 },
      },
      (progress) => kinds.add(progress.kind),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(kinds).toContain('pretrain');
    expect(kinds).toContain('deep');
  });

  it('stores the deep half, its summary and the learnt vectors of the dataset', async () => {
    expect(model.preset).toBe('best');
    expect(model.deepSummary?.architecture).toBe('cnn');
    expect(model.deepSummary?.pretrainReused).toBe(false);
    const { stored } = await readModel(db, model.id);
    expect(stored.deep?.units.length).toBe(stored.deep!.unitHashes.length * stored.deep!.shape.dim);
    const vectors = await db.get('subwordEmbeddings', 'd');
    expect(vectors?.epochsDone).toBe(vectors?.epochs);
    expect(vectors?.words).toBeNull();
    expect(model.evaluation.metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('reuses the vectors on the next training of the same texts', async () => {
    const again = await runTrainJob(
      db,
      undefined,
      {
        datasetId: 'd',
        backend: 'wasm',
        preset: 'best',
        options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 2 },
      },
      () => {},
    );
    expect(again.deepSummary?.pretrainReused).toBe(true);
  });

  it('explains with the linear contributions and the deep model’s occlusion', async () => {
    const { record, stored } = await readModel(db, model.id);
    const classifier = loadClassifier({
      ...record,
      space: stored.space,
      weights: stored.weights,
      deep: stored.deep,
    });
    const title = rows[0]!.title;
    const classId = record.labels.indexOf(rows[0]!.category);
    const deep = await explainDeep(classifier.deep!, title, classId);
    expect(deep.units.length).toBeGreaterThan(0);
    expect(deep.probability).toBeGreaterThan(0);
    expect(deep.probability).toBeLessThanOrEqual(1);
    expect(deep.units.every((u) => Number.isFinite(u.contribution))).toBe(true);
  });

  it('classifies the catalogue and cross-checks it with both halves, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const { record, stored } = await readModel(db, model.id);
    const classifier = loadClassifier({
      ...record,
      space: stored.space,
      weights: stored.weights,
      deep: stored.deep,
    });
    const all = await classifyCatalogue(db, undefined, classifier, 'd', stored.split, () => {});
    expect(all.rows).toBe(rows.length);
    const phases: number[] = [];
    const checked = await crossCheckCatalogue(db, undefined, model.id, 3, (progress) => {
      if (progress.kind === 'crossCheck') phases.push(progress.fraction);
    });
    expect(checked.rows).toBe(rows.length);
    // Progress goes through the deep half of every fold too, and never backwards.
    expect(phases.some((f) => f > 0.9)).toBe(true);
    expect(phases.every((f, i) => i === 0 || f >= phases[i - 1]! - 1e-9)).toBe(true);
    const queue = await db.get('crossChecks', model.id);
    expect(queue?.crossCheckFolds).toBe(3);
    // Out-of-fold predictions of five well-separated categories: nearly all agree with the labels.
    expect(checked.disagreements).toBeLessThan(rows.length * 0.1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times both presets on a sample of the dataset and suggests Best for a small one', async () => {
    const before = tf.memory().numTensors;
    const estimate = await estimatePresets(db, undefined, 'd');
    expect(estimate.rows).toBe(rows.length);
    expect(estimate.fastMs).toBeGreaterThan(0);
    expect(estimate.bestMs).toBeGreaterThan(estimate.fastMs);
    expect(estimate.parts.pretrainMs).toBeGreaterThan(0);
    expect(estimate.parts.deepMs).toBeGreaterThan(0);
    expect(estimate.bestAvailable).toBe(true);
    expect(estimate.recommended).toBe('best');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a float32 bundle imported into empty storage classifies identically', async () => {
    const before = tf.memory().numTensors;
    const bundle = await exportModelBundle(db, model.id, 'float32');
    const target = await freshDb();
    await importModelBundle(target, bundle.bytes);
    const predictions = async (from: ShelfwiseDb) => {
      const { record, stored } = await readModel(from, model.id);
      expect(stored.deep).toBeDefined();
      return classifyProducts(
        loadClassifier({
          ...record,
          space: stored.space,
          weights: stored.weights,
          deep: stored.deep,
        }),
        SAMPLE_TITLES.map((title) => ({ title })),
        5,
      );
    };
    expect(await predictions(target)).toEqual(await predictions(db));
    expect(bundle.effect?.changedPredictions).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
