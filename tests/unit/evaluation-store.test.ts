import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { deleteDataset } from '@shared/db/catalogue-store.ts';
import {
  DEFAULT_AUTO_LABEL_THRESHOLD,
  readAutoLabelThreshold,
  readHeldOutPredictions,
  saveAutoLabelThreshold,
} from '@shared/db/evaluation-store.ts';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';

function model(id: string, datasetId: string): ModelRecord {
  return { id, datasetId, datasetName: datasetId, createdAt: 1 } as unknown as ModelRecord;
}

function heldOut(modelId: string, datasetId: string): HeldOutPredictionsRecord {
  return {
    modelId,
    datasetId,
    k: 2,
    positions: Int32Array.from([4, 9]),
    truth: Int32Array.from([0, 1]),
    topClasses: Int32Array.from([0, 1, 0, 1]),
    rawProbabilities: Float32Array.from([0.6, 0.4, 0.55, 0.45]),
    calibratedProbabilities: Float32Array.from([0.9, 0.1, 0.7, 0.3]),
    temperature: 0.1,
    validationNll: { raw: 0.6, calibrated: 0.2 },
  };
}

async function withDb(run: (db: ShelfwiseDb) => Promise<void>): Promise<void> {
  const db = await openShelfwiseDb(`evaluation-store-${Math.random().toString(36).slice(2)}`);
  try {
    await run(db);
  } finally {
    db.close();
  }
}

describe('held-out predictions store', () => {
  it('keeps the typed columns as they were written', async () => {
    await withDb(async (db) => {
      await db.put('evaluations', heldOut('m1', 'ds'));
      const read = await readHeldOutPredictions(db, 'm1');
      expect(read?.positions).toBeInstanceOf(Int32Array);
      expect(read?.calibratedProbabilities).toBeInstanceOf(Float32Array);
      expect(read).toEqual(heldOut('m1', 'ds'));
      expect(await readHeldOutPredictions(db, 'trained-before-they-were-kept')).toBeUndefined();
    });
  });

  it('goes with its dataset and models, and only theirs', async () => {
    await withDb(async (db) => {
      await db.put('models', model('a-m', 'a'));
      await db.put('models', model('b-m', 'b'));
      await db.put('evaluations', heldOut('a-m', 'a'));
      await db.put('evaluations', heldOut('b-m', 'b'));
      await deleteDataset(db, 'a');
      expect(await db.getAllKeys('evaluations')).toEqual(['b-m']);
    });
  });
});

describe('auto-label threshold', () => {
  it('is the default until saved, then kept on the model record', async () => {
    await withDb(async (db) => {
      await db.put('models', model('m1', 'ds'));
      expect(await readAutoLabelThreshold(db, 'm1')).toBe(DEFAULT_AUTO_LABEL_THRESHOLD);
      await saveAutoLabelThreshold(db, 'm1', 0.63);
      expect(await readAutoLabelThreshold(db, 'm1')).toBe(0.63);
      expect((await db.get('models', 'm1'))?.datasetName).toBe('ds');
    });
  });

  it('refuses thresholds outside [0, 1] and models that are gone', async () => {
    await withDb(async (db) => {
      await db.put('models', model('m1', 'ds'));
      await expect(saveAutoLabelThreshold(db, 'm1', 1.5)).rejects.toMatchObject({
        name: 'InvalidInput',
      });
      await expect(saveAutoLabelThreshold(db, 'm1', Number.NaN)).rejects.toMatchObject({
        name: 'InvalidInput',
      });
      await expect(saveAutoLabelThreshold(db, 'gone', 0.5)).rejects.toMatchObject({
        name: 'NotFound',
      });
      await expect(readAutoLabelThreshold(db, 'gone')).rejects.toMatchObject({
        name: 'NotFound',
      });
      expect(await readAutoLabelThreshold(db, 'm1')).toBe(DEFAULT_AUTO_LABEL_THRESHOLD);
    });
  });
});
