import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { DB_VERSION } from '@shared/db/schema.ts';
import { deleteDataset } from '@shared/db/catalogue-store.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';

const uniqueName = () => `mappings-${Math.random().toString(36).slice(2)}`;

const mapping = (datasetId: string, taxonomyId: string): CategoryMappingRecord => ({
  datasetId,
  taxonomyId,
  taxonomyVersion: '2024-07',
  updatedAt: 1,
  entries: [
    { shopCategory: 'Footwear > Shoes > Heels', nodeId: 'aa-8-8', score: 0.7, source: 'confirmed' },
  ],
});

describe('categoryMappings store', () => {
  it('upgrades a version-1 database without losing its datasets', async () => {
    const name = uniqueName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
      },
    });
    await v1.put('datasets', { id: 'old', createdAt: 1 });
    v1.close();
    const db = await openShelfwiseDb(name);
    try {
      expect(db.version).toBe(DB_VERSION);
      expect(await db.get('datasets', 'old')).toEqual({ id: 'old', createdAt: 1 });
      await db.put('categoryMappings', mapping('old', 'shopify'));
      expect(await db.get('categoryMappings', ['old', 'shopify'])).toEqual(
        mapping('old', 'shopify'),
      );
    } finally {
      db.close();
    }
  });

  it('keeps one table per dataset and taxonomy, removed with the dataset', async () => {
    const db = await openShelfwiseDb(uniqueName());
    try {
      await db.put('datasets', { id: 'd1', createdAt: 1 } as DatasetRecord);
      await db.put('categoryMappings', mapping('d1', 'shopify'));
      await db.put('categoryMappings', mapping('d1', 'google'));
      await db.put('categoryMappings', mapping('d2', 'google'));
      expect(await db.getAllKeysFromIndex('categoryMappings', 'byDataset', 'd1')).toHaveLength(2);
      await deleteDataset(db, 'd1');
      expect(await db.getAllKeys('categoryMappings')).toEqual([['d2', 'google']]);
    } finally {
      db.close();
    }
  });
});
