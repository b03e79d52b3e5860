import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { deleteModel, readModel, renameModel } from '@shared/db/model-store.ts';
import { modelWeightsKey, type ModelRecord } from '@shared/db/records/model.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import { exportModelBundle } from '../../workers/lifecycle/export-bundle.ts';
import { importModelBundle } from '../../workers/lifecycle/import-bundle.ts';
import { MANIFEST } from '../../workers/lifecycle/model-bundle.ts';
import { FeatureIndex } from '../../workers/text/feature-space.ts';
import { predictLogits } from '../../workers/model/predict.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';
import { SAMPLE_TITLES } from '../fixtures/sample-titles.ts';

const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
const TITLES = SAMPLE_TITLES.map((title) => ({ title }));

const freshDb = () => openShelfwiseDb(`bundle-${Math.random().toString(36).slice(2)}`);

async function withDataset(db: ShelfwiseDb): Promise<ShelfwiseDb> {
  await db.put('datasets', datasetRecord('d', rows));
  await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
  return db;
}

async function predictionsOf(db: ShelfwiseDb, modelId: string) {
  const { record, stored } = await readModel(db, modelId);
  return classifyProducts(
    loadClassifier({ ...record, space: stored.space, weights: stored.weights }),
    TITLES,
    5,
  );
}

function edit(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

function editManifest(zip: Uint8Array, change: (manifest: Record<string, unknown>) => void) {
  return edit(zip, (files) => {
    const manifest = JSON.parse(strFromU8(files[MANIFEST]!)) as Record<string, unknown>;
    change(manifest);
    files[MANIFEST] = strToU8(JSON.stringify(manifest));
  });
}

describe('model bundles', () => {
  let source: ShelfwiseDb;
  let model: ModelRecord;
  let float32: Uint8Array;

  beforeAll(async () => {
    await useWasmBackend();
    source = await withDataset(await freshDb());
    model = await runTrainJob(
      source,
      undefined,
      { datasetId: 'd', backend: 'wasm', options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 4 } },
      () => {},
    );
    float32 = (await exportModelBundle(source, model.id, 'float32')).bytes;
  });

  it('a float32 bundle imported into empty storage classifies identically', async () => {
    const before = tf.memory().numTensors;
    const target = await freshDb();
    const imported = await importModelBundle(target, float32);
    expect(imported.model.id).toBe(model.id);
    expect(imported.datasetPresent).toBe(false);
    const expected = await predictionsOf(source, model.id);
    const actual = await predictionsOf(target, model.id);
    expect(actual.map((ranked) => ranked.map((p) => p.label))).toEqual(
      expected.map((ranked) => ranked.map((p) => p.label)),
    );
    actual.forEach((ranked, r) =>
      ranked.forEach((p, i) =>
        expect(Math.abs(p.probability - expected[r]![i]!.probability)).toBeLessThan(1e-6),
      ),
    );
    const original = await readModel(source, model.id);
    const copy = await readModel(target, model.id);
    expect(copy.record).toEqual(original.record);
    expect(copy.stored.weights[0]!.data).toEqual(original.stored.weights[0]!.data);
    expect(copy.stored.space).toEqual(original.stored.space);
    expect(copy.stored.split).toEqual(original.stored.split);
    expect(copy.heldOut).toEqual(original.heldOut);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('model.json and its shards load in TF.js as a Dense layer giving the same logits', async () => {
    const files = unzipSync(float32);
    const modelJson = JSON.parse(strFromU8(files['model.json']!)) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    const group = modelJson.weightsManifest[0]!;
    const data = tf.io.concatenateArrayBuffers(
      group.paths.map((path) => files[path]!.slice().buffer),
    );
    const layers = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: group.weights,
        weightData: data,
      }),
    );
    const { stored } = await readModel(source, model.id);
    const index = new FeatureIndex(stored.space);
    const sparse = TITLES.map(({ title }) => index.vectorize(title));
    const dense = new Float32Array(sparse.length * model.featureCount);
    sparse.forEach((row, r) =>
      row.indices.forEach((f, i) => (dense[r * model.featureCount + f] = row.values[i]!)),
    );
    const output = tf.tidy(
      () => layers.predict(tf.tensor2d(dense, [sparse.length, model.featureCount])) as tf.Tensor,
    );
    const fromTfjs = await output.data();
    output.dispose();
    layers.dispose();
    const linear = await predictLogits(
      {
        featureCount: model.featureCount,
        classCount: model.labels.length,
        weights: stored.weights[0]!.data,
      },
      sparse,
    );
    fromTfjs.forEach((logit, i) => expect(logit).toBeCloseTo(linear[i]!, 4));
  });

  it('quantised bundles are smaller and report their measured effect on the test rows', async () => {
    const tensors = tf.memory().numTensors;
    const half = await exportModelBundle(source, model.id, 'float16');
    const byte = await exportModelBundle(source, model.id, 'uint8');
    const full = await exportModelBundle(source, model.id, 'float32');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(full.weightBytes).toBe(full.float32Bytes);
    expect(half.weightBytes).toBe(full.float32Bytes / 2);
    expect(byte.weightBytes).toBe(full.float32Bytes / 4);
    expect(byte.bytes.byteLength).toBeLessThan(full.bytes.byteLength / 2);
    expect(full.effect?.changedPredictions).toBe(0);
    expect(full.effect?.maxProbabilityChange).toBe(0);
    expect(full.effect?.rows).toBe(model.evaluation.testRows);
    expect(full.effect?.before.accuracy).toBeCloseTo(model.evaluation.metrics.accuracy, 6);
    // float16 keeps about three significant digits: probabilities move by far less than 1%.
    expect(half.effect!.maxProbabilityChange).toBeLessThan(0.01);
    expect(Math.abs(half.effect!.after.accuracy - half.effect!.before.accuracy)).toBeLessThan(0.05);
    expect(byte.effect!.maxProbabilityChange).toBeGreaterThan(half.effect!.maxProbabilityChange);
    expect(byte.effect!.after.accuracy).toBeGreaterThan(0.8);

    const target = await freshDb();
    await importModelBundle(target, byte.bytes);
    const original = (await readModel(source, model.id)).stored.weights[0]!.data;
    const imported = (await readModel(target, model.id)).stored.weights[0]!.data;
    let low = 0;
    let high = 0;
    for (const value of original.subarray(0, model.featureCount * model.labels.length)) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const step = (high - low) / 255;
    for (let i = 0; i < model.featureCount * model.labels.length; i++)
      expect(Math.abs(imported[i]! - original[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7);
  });

  it('an imported model trains further on its dataset (warm start on the same split)', async () => {
    const target = await withDataset(await freshDb());
    const imported = await importModelBundle(target, float32);
    expect(imported.datasetPresent).toBe(true);
    const retrained = await runTrainJob(
      target,
      undefined,
      {
        datasetId: 'd',
        backend: 'wasm',
        options: DEFAULT_TRAIN_OPTIONS,
        warmStartModelId: imported.model.id,
      },
      () => {},
    );
    expect(retrained.comparison?.baseModelId).toBe(model.id);
    expect(retrained.evaluation.testRows).toBe(model.evaluation.testRows);
    expect(retrained.evaluation.metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('importing a bundle twice keeps both under different ids', async () => {
    const target = await freshDb();
    await importModelBundle(target, float32);
    const second = await importModelBundle(target, float32);
    expect(second.previousId).toBe(model.id);
    expect(second.model.id).not.toBe(model.id);
    expect(await target.count('models')).toBe(2);
    expect(await target.get('weights', modelWeightsKey(second.model.id))).toBeDefined();
  });

  it('rejects a damaged or foreign bundle with a message naming the file or field', async () => {
    const target = await freshDb();
    const rejects = (zip: Uint8Array, message: RegExp) =>
      expect(importModelBundle(target, zip)).rejects.toMatchObject({
        name: 'InvalidInput',
        message: expect.stringMatching(message) as unknown,
      });
    await rejects(float32.slice(0, float32.length / 2), /not a readable \.zip/);
    await rejects(zipSync({ 'notes.txt': strToU8('hi') }), /no shelfwise\.json/);
    await rejects(
      edit(float32, (files) => delete files['vocabulary.bin']),
      /missing vocabulary\.bin/,
    );
    await rejects(
      edit(float32, (files) => {
        const shard = files['group1-shard1of1.bin']!;
        shard[10] = shard[10]! ^ 0xff;
      }),
      /group1-shard1of1\.bin is damaged/,
    );
    await rejects(
      editManifest(float32, (m) => (m.format = 'something-else')),
      /not a Shelfwise model bundle/,
    );
    await rejects(
      editManifest(float32, (m) => (m.formatVersion = 99)),
      /format version 99.*reads version 1/,
    );
    await rejects(
      editManifest(float32, (m) => delete (m.model as Record<string, unknown>).labels),
      /model\.labels must be/,
    );
    await rejects(
      editManifest(float32, (m) => ((m.model as { labels: string[] }).labels = ['a', 'b'])),
      /5 outputs but shelfwise\.json lists 2 labels/,
    );
    expect(await target.count('models')).toBe(0);
  });

  it('rename keeps the model; delete removes it with its weights and predictions', async () => {
    const db = await freshDb();
    const { model: copy } = await importModelBundle(db, float32);
    await renameModel(db, copy.id, '  Spring catalogue v2 ');
    expect((await db.get('models', copy.id))?.name).toBe('Spring catalogue v2');
    await expect(renameModel(db, copy.id, '   ')).rejects.toMatchObject({ name: 'InvalidInput' });
    await db.put('cataloguePredictions', {
      modelId: copy.id,
      datasetId: 'd',
      createdAt: 1,
      topClasses: new Int32Array(),
      topProbabilities: new Float32Array(),
      heldOutPositions: new Int32Array(),
    });
    expect(await db.get('evaluations', copy.id)).toBeDefined();
    await deleteModel(db, copy.id);
    expect(await db.get('models', copy.id)).toBeUndefined();
    expect(await db.get('weights', modelWeightsKey(copy.id))).toBeUndefined();
    expect(await db.get('evaluations', copy.id)).toBeUndefined();
    expect(await db.get('cataloguePredictions', copy.id)).toBeUndefined();
  });
});
