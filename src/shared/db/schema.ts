import type { DBSchema } from 'idb';
import type { ClassificationMetrics } from '../metrics.ts';
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
  photos: { key: [string, string]; value: PhotoRecord; indexes: { byDataset: string } };
  embeddings: { key: string; value: EmbeddingRecord };
  imageModels: { key: string; value: ImageModelRecord; indexes: { byDataset: string } };
}

export const DB_NAME = 'shelfwise';

// ---------------------------------------------------------------------------------------------
// Product photos (issue 4): photo bytes, the embedding cache and image / fused heads.

/** A photo attached to a dataset row; `path` is the row's `image` value it was matched to. */
export interface PhotoRecord {
  datasetId: string;
  path: string;
  /** The file's bytes (not a Blob: ArrayBuffers clone the same in every IndexedDB). */
  bytes: ArrayBuffer;
  type: string;
  /** SHA-256 of the bytes, hex: the embedding cache key, so a photo is embedded once. */
  hash: string;
}

/** One cached image embedding: one backbone, one photo, one view (0 = the plain centre crop). */
export interface EmbeddingRecord {
  key: string;
  data: Float32Array;
}

export const embeddingKey = (backbone: string, hash: string, view: number): string =>
  `${backbone}/${hash}/${view}`;

/** A shipped network and the input size it runs at (the same weights work at 160 px). */
export type ImageBackboneId =
  | 'mobilenet_v1_0.75_224'
  | 'mobilenet_v2_0.35_224'
  | 'mobilenet_v1_0.75_160'
  | 'mobilenet_v2_0.35_160';
export type FusionKind = 'image' | 'late' | 'concat';

/** A head trained on cached embeddings, optionally fused with a text model of the same dataset. */
export interface ImageModelRecord {
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  kind: FusionKind;
  backbone: ImageBackboneId;
  labels: string[];
  /** Dense head: weights (and hidden layer when `hidden` > 0) over the embedding (+ text). */
  weights: SavedTensor[];
  hidden: number;
  /** Text model fused in (late fusion) or whose vocabulary feeds the concat head. */
  textModelId: string | null;
  /** Late fusion: weight of the image log-probabilities; the text model gets 1 - this. */
  imageWeight: number;
  /** Width of the hashed text block of a concat head (0 otherwise). */
  textDims: number;
  augmentViews: number;
  epochs: number;
  bestEpoch: number;
  backend: BackendName;
  trainMs: number;
  evaluation: HeldOutEvaluation;
  /** Rows left out because their photo is missing or could not be read, with the reason. */
  skipped: ImportProblem[];
}
