/**
 * The IndexedDB schema: which record each store holds, keyed how. The records are declared
 * whole, once, in `records/<feature>.ts`; `MIGRATIONS` below builds the stores, version by version.
 *
 * DO NOT CHANGE a store's name, key or index without a new migration.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { DatasetRecord, RowChunkRecord } from './records/catalogue.ts';
import type { ModelRecord, RunCheckpointRecord, WeightsRecord } from './records/model.ts';
import type { HeldOutPredictionsRecord } from './records/evaluation.ts';
import type {
  CataloguePredictionsRecord,
  CorrectionRecord,
  ReviewLogRecord,
} from './records/review.ts';
import type { CategoryMappingRecord } from './records/taxonomy.ts';
import type {
  ActivationRecord,
  EmbeddingRecord,
  ImageModelRecord,
  ImportedBackboneRecord,
  PhotoCheckpointRecord,
  PhotoRecord,
} from './records/image.ts';
import type { SettingsValues } from './records/settings.ts';
import type { SubwordEmbeddingRecord } from './records/deep-model.ts';

export const DB_NAME = 'shelfwise';

export interface ShelfwiseSchema extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { byCreated: number } };
  rowChunks: { key: [string, number]; value: RowChunkRecord; indexes: { byDataset: string } };
  models: { key: string; value: ModelRecord; indexes: { byDataset: string; byCreated: number } };
  checkpoints: { key: string; value: RunCheckpointRecord };
  weights: { key: string; value: WeightsRecord };
  settings: { key: keyof SettingsValues; value: SettingsValues[keyof SettingsValues] };
  corrections: {
    key: [string, number];
    value: CorrectionRecord;
    indexes: { byDataset: string };
  };
  reviewLog: { key: number; value: ReviewLogRecord; indexes: { byDataset: string } };
  cataloguePredictions: { key: string; value: CataloguePredictionsRecord };
  /** A model's cross-check of its catalogue: the review queue's source, kept apart from its own predictions. */
  crossChecks: {
    key: string;
    value: CataloguePredictionsRecord;
    indexes: { byDataset: string };
  };
  evaluations: { key: string; value: HeldOutPredictionsRecord };
  categoryMappings: {
    key: [string, string];
    value: CategoryMappingRecord;
    indexes: { byDataset: string };
  };
  photos: { key: [string, string]; value: PhotoRecord; indexes: { byDataset: string } };
  embeddings: { key: string; value: EmbeddingRecord };
  imageModels: { key: string; value: ImageModelRecord; indexes: { byDataset: string } };
  backbones: { key: string; value: ImportedBackboneRecord };
  subwordEmbeddings: { key: string; value: SubwordEmbeddingRecord };
  activations: { key: string; value: ActivationRecord };
  photoCheckpoints: {
    key: string;
    value: PhotoCheckpointRecord;
    indexes: { byDataset: string };
  };
}

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
  // Cross-checks apart from a model's own predictions of its catalogue: labelling the
  // catalogue must not replace the review queue the owner is working through.
  (db) => {
    db.createObjectStore('crossChecks', { keyPath: 'modelId' }).createIndex(
      'byDataset',
      'datasetId',
    );
  },
  // Subword vectors learnt from each dataset's texts, reused until those texts change.
  (db) => {
    db.createObjectStore('subwordEmbeddings', { keyPath: 'datasetId' });
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
