import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, type ShelfwiseSchema } from './schema.ts';

export type ShelfwiseDb = IDBPDatabase<ShelfwiseSchema>;
type UpgradeTransaction = IDBPTransaction<
  ShelfwiseSchema,
  StoreNames<ShelfwiseSchema>[],
  'versionchange'
>;

/**
 * Forward-only migrations: entry i upgrades a database at version i to version i + 1.
 * Never edit a released step; append a new one.
 */
export const MIGRATIONS: ((db: ShelfwiseDb, transaction: UpgradeTransaction) => void)[] = [
  (db) => {
    db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    db.createObjectStore('rowChunks', { keyPath: ['datasetId', 'chunk'] }).createIndex(
      'byDataset',
      'datasetId',
    );
    const models = db.createObjectStore('models', { keyPath: 'id' });
    models.createIndex('byDataset', 'datasetId');
    models.createIndex('byCreated', 'createdAt');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('weights', { keyPath: 'key' });
    db.createObjectStore('settings');
  },
  (db) => {
    db.createObjectStore('corrections', { keyPath: ['datasetId', 'position'] }).createIndex(
      'byDataset',
      'datasetId',
    );
    db.createObjectStore('reviewLog', { keyPath: 'seq', autoIncrement: true }).createIndex(
      'byDataset',
      'datasetId',
    );
    db.createObjectStore('cataloguePredictions', { keyPath: 'modelId' });
  },
  // Held-out predictions per model, for the evaluation views (keyed by model id).
  (db) => {
    db.createObjectStore('evaluations', { keyPath: 'modelId' });
  },
  // The owner's mappings of a dataset's categories to standard taxonomies.
  (db) => {
    db.createObjectStore('categoryMappings', { keyPath: ['datasetId', 'taxonomyId'] }).createIndex(
      'byDataset',
      'datasetId',
    );
  },
  // Product photos: their bytes per dataset row, cached embeddings, image and fused heads.
  (db) => {
    db.createObjectStore('photos', { keyPath: ['datasetId', 'path'] }).createIndex(
      'byDataset',
      'datasetId',
    );
    db.createObjectStore('embeddings', { keyPath: 'key' });
    db.createObjectStore('imageModels', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
  },
  // Networks imported from TF.js model files, used as image feature extractors.
  (db) => {
    db.createObjectStore('backbones', { keyPath: 'id' });
  },
  // Activations entering a backbone's last blocks, per photo and view, for fine-tuning them,
  // and the checkpoints of unfinished fine-tuning runs.
  (db) => {
    db.createObjectStore('activations', { keyPath: 'key' });
    db.createObjectStore('photoCheckpoints', { keyPath: 'key' }).createIndex(
      'byDataset',
      'datasetId',
    );
  },
];

export const DB_VERSION = MIGRATIONS.length;

export function openShelfwiseDb(name = DB_NAME): Promise<ShelfwiseDb> {
  return openDB<ShelfwiseSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      for (let version = oldVersion; version < DB_VERSION; version++)
        MIGRATIONS[version]?.(db, transaction);
    },
    blocking(_current, _next, event) {
      // Another tab runs a newer version: let it upgrade rather than wedge both tabs.
      (event.target as IDBDatabase).close();
    },
  });
}
