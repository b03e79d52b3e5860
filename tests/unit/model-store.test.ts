import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { runWeightsKey, type ModelRecord } from '@shared/db/records/model.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainCheckpoint } from '@shared/contracts/train.ts';
import { readCheckpoint, readModel, saveCheckpoint, saveModel } from '@shared/db/model-store.ts';

const space = {
  tokenizer: { wordNgrams: [1], charNgrams: [3], cjkNgrams: [1] },
  wordHashes: Uint32Array.from([7]),
  charHashes: Uint32Array.from([9]),
  idf: Float32Array.from([1, 2]),
};
const tensor = (value: number) => [
  { name: 'weights', shape: [3, 1], data: new Float32Array(3).fill(value) },
];
const checkpoint: TrainCheckpoint = {
  epoch: 2,
  bestEpoch: 1,
  history: [],
  space,
  weights: tensor(2),
  bestWeights: tensor(1),
};
const run = {
  runId: 'run-1',
  datasetId: 'ds',
  datasetName: 'shop',
  options: DEFAULT_TRAIN_OPTIONS,
  backend: 'wasm' as const,
  updatedAt: 1,
};

describe('model store', () => {
  it('keeps checkpoint weights out of the run record and reassembles them to resume', async () => {
    const db = await openShelfwiseDb(`model-store-${Math.random()}`);
    await saveCheckpoint(db, run, checkpoint);
    const listed = await db.get('checkpoints', 'run-1');
    expect(Object.keys(listed?.checkpoint ?? {}).sort()).toEqual(['bestEpoch', 'epoch', 'history']);
    const resumed = await readCheckpoint(db, 'run-1');
    expect(resumed.checkpoint.epoch).toBe(2);
    expect(Array.from(resumed.checkpoint.weights[0]?.data ?? [])).toEqual([2, 2, 2]);
    expect(Array.from(resumed.checkpoint.bestWeights?.[0]?.data ?? [])).toEqual([1, 1, 1]);
    await expect(readCheckpoint(db, 'run-2')).rejects.toMatchObject({ name: 'NotFound' });
    db.close();
  });

  it('saving a finished model removes its run and the run weights; a cancelled one keeps them', async () => {
    const db = await openShelfwiseDb(`model-store-${Math.random()}`);
    const record = { id: 'model-1', datasetId: 'ds', createdAt: 1 } as unknown as ModelRecord;
    await saveCheckpoint(db, run, checkpoint);
    const stored = { key: '', space, weights: tensor(3), bestWeights: null };
    await saveModel(db, { record, stored }, null);
    expect(await db.get('weights', runWeightsKey('run-1'))).toBeDefined();
    await saveModel(db, { record, stored }, 'run-1');
    expect(await db.get('checkpoints', 'run-1')).toBeUndefined();
    expect(await db.get('weights', runWeightsKey('run-1'))).toBeUndefined();
    const saved = await readModel(db, 'model-1');
    expect(Array.from(saved.stored.weights[0]?.data ?? [])).toEqual([3, 3, 3]);
    db.close();
  });
});
