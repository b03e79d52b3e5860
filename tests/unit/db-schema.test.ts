import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { openDB } from 'idb';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { DB_VERSION, MIGRATIONS } from '@shared/db/schema.ts';
import { deleteDataset, listDatasets, readDatasetRows } from '@shared/db/catalogue-store.ts';
import {
  modelWeightsKey,
  runWeightsKey,
  type ModelRecord,
  type RunCheckpointRecord,
  type WeightsRecord,
} from '@shared/db/records/model.ts';
import type { DatasetRecord, RowChunkRecord, StoredRow } from '@shared/db/records/catalogue.ts';
import type { SettingsValues } from '@shared/db/records/settings.ts';

let dbCounter = 0;
function uniqueName(): string {
  dbCounter += 1;
  return `shelfwise-test-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}

async function withDb(run: (db: ShelfwiseDb) => Promise<void>): Promise<void> {
  const db = await openShelfwiseDb(uniqueName());
  try {
    await run(db);
  } finally {
    db.close();
  }
}

function dataset(id: string, createdAt: number, rowCount = 0, chunkCount = 0): DatasetRecord {
  return {
    id,
    name: `Dataset ${id}`,
    fileName: `${id}.csv`,
    createdAt,
    status: 'ready',
    rowCount,
    chunkCount,
    classCounts: { mugs: rowCount },
    problems: [],
    skippedRows: 0,
  };
}

function row(line: number, datasetId: string): StoredRow {
  return {
    line,
    id: `${datasetId}-${line}`,
    title: `Product ${line}`,
    description: '',
    category: line % 2 === 0 ? 'mugs' : 'plates',
    image: '',
  };
}

function chunk(datasetId: string, index: number, lines: number[]): RowChunkRecord {
  return { datasetId, chunk: index, rows: lines.map((line) => row(line, datasetId)) };
}

function model(id: string, datasetId: string, createdAt: number): ModelRecord {
  return { id, datasetId, datasetName: datasetId, createdAt } as unknown as ModelRecord;
}

function checkpoint(runId: string, datasetId: string): RunCheckpointRecord {
  return {
    runId,
    datasetId,
    datasetName: datasetId,
    updatedAt: 1,
  } as unknown as RunCheckpointRecord;
}

/** Stores two datasets, each with rows in three chunks, two models and a checkpoint, with weights. */
async function seed(db: ShelfwiseDb): Promise<void> {
  for (const [id, createdAt] of [
    ['a', 100],
    ['b', 200],
  ] as const) {
    await db.put('datasets', dataset(id, createdAt, 6, 3));
    // written out of order on purpose: reads must come back sorted by chunk
    await db.put('rowChunks', chunk(id, 2, [5, 6]));
    await db.put('rowChunks', chunk(id, 0, [1, 2]));
    await db.put('rowChunks', chunk(id, 1, [3, 4]));
    await db.put('models', model(`${id}-m1`, id, createdAt + 1));
    await db.put('models', model(`${id}-m2`, id, createdAt + 2));
    await db.put('checkpoints', checkpoint(`${id}-run`, id));
    for (const key of [
      modelWeightsKey(`${id}-m1`),
      modelWeightsKey(`${id}-m2`),
      runWeightsKey(`${id}-run`),
    ]) {
      await db.put('weights', { key, weights: [], bestWeights: null } as unknown as WeightsRecord);
    }
  }
}

describe('openShelfwiseDb', () => {
  it('has one version per migration', async () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBe(9);
    await withDb(async (db) => {
      expect(db.version).toBe(DB_VERSION);
    });
  });

  it('creates the stores with their key paths and indexes', async () => {
    await withDb(async (db) => {
      expect([...db.objectStoreNames].sort()).toEqual(
        [
          'activations',
          'backbones',
          'cataloguePredictions',
          'categoryMappings',
          'checkpoints',
          'corrections',
          'crossChecks',
          'datasets',
          'embeddings',
          'evaluations',
          'imageModels',
          'models',
          'photoCheckpoints',
          'photos',
          'reviewLog',
          'rowChunks',
          'settings',
          'subwordEmbeddings',
          'weights',
        ].sort(),
      );
      const tx = db.transaction(
        ['datasets', 'rowChunks', 'models', 'checkpoints', 'settings', 'weights'],
        'readonly',
      );
      const datasets = tx.objectStore('datasets');
      expect(datasets.keyPath).toBe('id');
      expect([...datasets.indexNames]).toEqual(['byCreated']);
      expect(datasets.index('byCreated').keyPath).toBe('createdAt');

      const rowChunks = tx.objectStore('rowChunks');
      expect(rowChunks.keyPath).toEqual(['datasetId', 'chunk']);
      expect([...rowChunks.indexNames]).toEqual(['byDataset']);
      expect(rowChunks.index('byDataset').keyPath).toBe('datasetId');

      const models = tx.objectStore('models');
      expect(models.keyPath).toBe('id');
      expect([...models.indexNames].sort()).toEqual(['byCreated', 'byDataset']);
      expect(models.index('byDataset').keyPath).toBe('datasetId');
      expect(models.index('byCreated').keyPath).toBe('createdAt');

      expect(tx.objectStore('checkpoints').keyPath).toBe('runId');
      expect(tx.objectStore('settings').keyPath).toBeNull();
      expect(tx.objectStore('weights').keyPath).toBe('key');
      await tx.done;
      expect(db.transaction('backbones').store.keyPath).toBe('id');

      const review = db.transaction(['corrections', 'reviewLog', 'cataloguePredictions']);
      expect(review.objectStore('corrections').keyPath).toEqual(['datasetId', 'position']);
      expect(review.objectStore('corrections').index('byDataset').keyPath).toBe('datasetId');
      expect(review.objectStore('reviewLog').autoIncrement).toBe(true);
      expect(review.objectStore('cataloguePredictions').keyPath).toBe('modelId');
      await review.done;
    });
  });

  it('upgrades a version-1 database forward, keeping its data', async () => {
    const name = uniqueName();
    const old = await openDB(name, 1, {
      upgrade: (db, _old, _new, tx) => MIGRATIONS[0]?.(db as never, tx as never),
    });
    await old.put('datasets', dataset('kept', 1));
    old.close();
    const upgraded = await openShelfwiseDb(name);
    try {
      expect(upgraded.version).toBe(DB_VERSION);
      expect(await upgraded.get('datasets', 'kept')).toEqual(dataset('kept', 1));
      expect(upgraded.objectStoreNames.contains('corrections')).toBe(true);
    } finally {
      upgraded.close();
    }
  });

  it('upgrades a version-5 database with photos to the imported-backbone store', async () => {
    const name = uniqueName();
    const old = await openDB(name, 5, {
      upgrade: (db, _old, _new, tx) =>
        MIGRATIONS.slice(0, 5).forEach((step) => step(db as never, tx as never)),
    });
    await old.put('embeddings', { key: 'mobilenet_v1_0.75_224/abc/0', data: new Float32Array(2) });
    old.close();
    const upgraded = await openShelfwiseDb(name);
    try {
      expect(upgraded.version).toBe(DB_VERSION);
      expect(upgraded.objectStoreNames.contains('backbones')).toBe(true);
      expect(upgraded.objectStoreNames.contains('subwordEmbeddings')).toBe(true);
      expect(upgraded.objectStoreNames.contains('activations')).toBe(true);
      expect(upgraded.transaction('photoCheckpoints').store.indexNames.contains('byDataset')).toBe(
        true,
      );
      expect(await upgraded.count('embeddings')).toBe(1);
    } finally {
      upgraded.close();
    }
  });

  it('reopens an existing database without running the migration again', async () => {
    const name = uniqueName();
    const first = await openShelfwiseDb(name);
    await first.put('datasets', dataset('kept', 1));
    first.close();
    const second = await openShelfwiseDb(name);
    try {
      expect(second.version).toBe(DB_VERSION);
      expect(await second.get('datasets', 'kept')).toEqual(dataset('kept', 1));
    } finally {
      second.close();
    }
  });

  it('stores settings under out-of-line keys', async () => {
    await withDb(async (db) => {
      const value: SettingsValues['backendChoice'] = {
        chosen: 'wasm',
        automatic: true,
        figures: [{ backend: 'wasm', stepMs: 12 }],
        measuredAt: 5,
      };
      await db.put('settings', value, 'backendChoice');
      expect(await db.get('settings', 'backendChoice')).toEqual(value);
    });
  });
});

describe('catalogue store', () => {
  it('puts and gets a dataset record', async () => {
    await withDb(async (db) => {
      const record = dataset('d1', 123, 2, 1);
      await db.put('datasets', record);
      expect(await db.get('datasets', 'd1')).toEqual(record);
      expect(await db.get('datasets', 'missing')).toBeUndefined();
    });
  });

  it('reads rows back in chunk order, only for the asked dataset', async () => {
    await withDb(async (db) => {
      await seed(db);
      const rows = await readDatasetRows(db, 'a');
      expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(rows.every((r) => r.id.startsWith('a-'))).toBe(true);
      expect(rows[0]).toEqual(row(1, 'a'));
      expect(await readDatasetRows(db, 'nope')).toEqual([]);
    });
  });

  it('orders chunk numbers numerically (chunk 10 after chunk 9)', async () => {
    await withDb(async (db) => {
      for (const index of [10, 9, 2, 0, 1]) await db.put('rowChunks', chunk('n', index, [index]));
      const rows = await readDatasetRows(db, 'n');
      expect(rows.map((r) => r.line)).toEqual([0, 1, 2, 9, 10]);
    });
  });

  it('lists datasets newest first', async () => {
    await withDb(async (db) => {
      await db.put('datasets', dataset('old', 10));
      await db.put('datasets', dataset('new', 30));
      await db.put('datasets', dataset('mid', 20));
      expect((await listDatasets(db)).map((d) => d.id)).toEqual(['new', 'mid', 'old']);
    });
  });

  it('deleteDataset removes the dataset, its chunks, models, checkpoints and weights only', async () => {
    await withDb(async (db) => {
      await seed(db);
      await deleteDataset(db, 'a');

      expect(await db.get('datasets', 'a')).toBeUndefined();
      expect(await readDatasetRows(db, 'a')).toEqual([]);
      expect(await db.getAllFromIndex('rowChunks', 'byDataset', 'a')).toEqual([]);
      expect(await db.getAllFromIndex('models', 'byDataset', 'a')).toEqual([]);
      expect(await db.get('checkpoints', 'a-run')).toBeUndefined();

      // dataset b is untouched
      expect(await db.get('datasets', 'b')).toEqual(dataset('b', 200, 6, 3));
      expect((await readDatasetRows(db, 'b')).map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await db.getAllKeys('models')).sort()).toEqual(['b-m1', 'b-m2']);
      expect(await db.getAllKeys('checkpoints')).toEqual(['b-run']);
      expect((await db.getAllKeys('weights')).sort()).toEqual(
        [modelWeightsKey('b-m1'), modelWeightsKey('b-m2'), runWeightsKey('b-run')].sort(),
      );
      expect((await listDatasets(db)).map((d) => d.id)).toEqual(['b']);
    });
  });

  it('deleteDataset of an unknown id changes nothing', async () => {
    await withDb(async (db) => {
      await seed(db);
      await deleteDataset(db, 'unknown');
      expect(await db.count('datasets')).toBe(2);
      expect(await db.count('rowChunks')).toBe(6);
      expect(await db.count('models')).toBe(4);
      expect(await db.count('checkpoints')).toBe(2);
      expect(await db.count('weights')).toBe(6);
    });
  });
});
