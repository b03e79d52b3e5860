import type { DBSchema } from 'idb';
import type { ClassificationMetrics } from '../metrics.ts';
import type { HierarchicalMetrics } from '../taxonomy/hierarchical-metrics.ts';
import type {
  BackendName,
  EpochSummary,
  FeatureSpace,
  SavedTensor,
  TrainCheckpoint,
  TrainOptions,
} from '../model-types.ts';

/** One product as imported; `line` is where it starts in the source file. */
export interface StoredRow {
  line: number;
  id: string;
  title: string;
  description: string;
  category: string;
  image: string;
}

export interface ImportProblem {
  /** 1-based physical line where the record starts; 0 for notes about the whole file. */
  line: number;
  field: string;
  code: string;
  /** A sentence for people that names the line and the field. */
  message: string;
  skipped: boolean;
}

export interface DatasetRecord {
  id: string;
  name: string;
  fileName: string;
  createdAt: number;
  /** 'importing' until the last chunk is stored, so a tab closed mid-import is visible as such. */
  status: 'importing' | 'ready';
  rowCount: number;
  chunkCount: number;
  classCounts: Record<string, number>;
  problems: ImportProblem[];
  skippedRows: number;
}

/** Rows are stored in chunks: one record per thousand rows keeps a large import fast. */
export interface RowChunkRecord {
  datasetId: string;
  chunk: number;
  rows: StoredRow[];
}

export interface HeldOutEvaluation {
  metrics: ClassificationMetrics;
  /** Row positions (in dataset order) of the held-out test rows. */
  testRows: number;
  trainRows: number;
  validationRows: number;
  /** Per-level figures; absent for flat labels and for models trained before hierarchies. */
  hierarchy?: HierarchyEvaluation | null;
}

export interface ModelRecord {
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  labels: string[];
  /** Rows of the weight table; the table itself is in the `weights` store (modelWeightsKey). */
  featureCount: number;
  options: TrainOptions;
  history: EpochSummary[];
  bestEpoch: number;
  backend: BackendName;
  trainMs: number;
  evaluation: HeldOutEvaluation;
  /** True when training was cancelled and the best weights so far were kept. */
  partial: boolean;
  /** Softmax temperature fitted on the validation rows, so confidences mean something. */
  temperature: number;
}

/** The latest epoch of a run that has not finished; removed when the model is saved. */
export interface RunCheckpointRecord {
  runId: string;
  datasetId: string;
  datasetName: string;
  options: TrainOptions;
  backend: BackendName;
  updatedAt: number;
  /** Where the run stands; its weights are in the `weights` store (runWeightsKey). */
  checkpoint: Pick<TrainCheckpoint, 'epoch' | 'bestEpoch' | 'history'>;
}

/**
 * Tensors are kept apart from the records that describe them, so that listing models and
 * unfinished runs (which the page does after every epoch) never loads tens of megabytes.
 */
export interface WeightsRecord {
  key: string;
  space: FeatureSpace;
  weights: SavedTensor[];
  /** A checkpoint's best epoch so far, when that is not `weights` itself. */
  bestWeights: SavedTensor[] | null;
}

export const modelWeightsKey = (modelId: string): string => `model:${modelId}`;
export const runWeightsKey = (runId: string): string => `run:${runId}`;

export interface BackendBenchmark {
  backend: BackendName;
  /** Median milliseconds per training step; null when the backend failed to start. */
  stepMs: number | null;
  error?: string;
}

export interface SettingsValues {
  backendChoice: {
    chosen: BackendName;
    automatic: boolean;
    figures: BackendBenchmark[];
    measuredAt: number;
  };
}

export interface ShelfwiseSchema extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { byCreated: number } };
  rowChunks: { key: [string, number]; value: RowChunkRecord; indexes: { byDataset: string } };
  models: { key: string; value: ModelRecord; indexes: { byDataset: string; byCreated: number } };
  checkpoints: { key: string; value: RunCheckpointRecord };
  weights: { key: string; value: WeightsRecord };
  settings: { key: keyof SettingsValues; value: SettingsValues[keyof SettingsValues] };
  categoryMappings: {
    key: [string, string];
    value: CategoryMappingRecord;
    indexes: { byDataset: string };
  };
}

export const DB_NAME = 'shelfwise';

// ---- Taxonomies and hierarchy (issue 6) -------------------------------------------------

export interface HierarchyEvaluation {
  separator: string;
  depth: number;
  /** Leaf confidence under which back-off predicts an ancestor. */
  threshold: number;
  /** Always the most probable whole path. */
  flat: HierarchicalMetrics;
  backOff: HierarchicalMetrics;
}

export type MappingSource = 'suggested' | 'confirmed' | 'edited';

export interface CategoryMappingEntry {
  /** The shop's category path as imported. */
  shopCategory: string;
  /** Standard node id (Shopify category id, Google numeric id, …); null when unmapped. */
  nodeId: string | null;
  /** Similarity of the suggestion, 0–1; null after an edit by hand. */
  score: number | null;
  source: MappingSource;
}

/** The owner's table from a dataset's categories to one standard taxonomy. */
export interface CategoryMappingRecord {
  datasetId: string;
  taxonomyId: string;
  taxonomyVersion: string;
  updatedAt: number;
  entries: CategoryMappingEntry[];
}
