/** Text models: the model record, its weights and split, and unfinished runs' checkpoints. */
import type { ClassificationMetrics } from '../../metrics.ts';
import type { BackendName } from '../../contracts/jobs.ts';
import type { EpochSummary, TrainCheckpoint, TrainOptions } from '../../contracts/train.ts';
import type { HierarchyEvaluation } from './taxonomy.ts';

/** A tensor as plain data, so it can live in IndexedDB and cross a worker boundary. */
export interface SavedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface TokenizerConfig {
  /** Word n-gram orders for Latin-script words, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Character n-gram lengths taken inside padded words, e.g. [2, 3, 4]. */
  charNgrams: number[];
  /** Character n-gram lengths over runs of CJK characters, e.g. [1, 2, 3]. */
  cjkNgrams: number[];
}

/**
 * The learned vocabulary: which hashed n-grams exist in the training set and their IDF.
 * Only features seen in training get a row, so no bucket is shared by accident and
 * the model stays as small as the catalogue needs.
 */
export interface FeatureSpace {
  tokenizer: TokenizerConfig;
  /** Hashes of word features; row i of the table. */
  wordHashes: Uint32Array;
  /** Hashes of character features; row wordHashes.length + i of the table. */
  charHashes: Uint32Array;
  /** Smoothed IDF per row, as sklearn computes it: ln((1 + n) / (1 + df)) + 1. */
  idf: Float32Array;
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

/** A model retrained from another one, judged against it on the same held-out rows. */
export interface RetrainComparison {
  baseModelId: string;
  /** The base model's figures on those rows, with the corrected labels as the truth. */
  before: ClassificationMetrics;
  /** Corrections that changed training labels, and those on held-out rows (truth only). */
  correctedTrainingRows: number;
  correctedHeldOutRows: number;
}

export interface ModelRecord {
  id: string;
  /** The name people gave it in the model registry; absent until renamed. */
  name?: string;
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
  /** Categories left out for having fewer rows than the options' minimum. */
  excludedLabels?: string[];
  /** Set when this model was warm-started from another after review corrections. */
  comparison?: RetrainComparison;
  /**
   * Products whose top confidence is at least this get the label automatically; the rest go
   * to review. Absent until someone sets it in the coverage dial.
   */
  autoLabelThreshold?: number;
}

/** Dataset row positions of each part of a model's split. */
export interface SplitPositions {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
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
  /** A model's split (dataset row positions), so a retrain is judged on the same held-out rows. */
  split?: SplitPositions;
}

/** The latest epoch of a run that has not finished; removed when the model is saved. */
export interface RunCheckpointRecord {
  runId: string;
  datasetId: string;
  datasetName: string;
  options: TrainOptions;
  backend: BackendName;
  updatedAt: number;
  /** Set when the run retrains this model after corrections. */
  warmStartModelId?: string;
  /** Where the run stands; its weights are in the `weights` store (runWeightsKey). */
  checkpoint: Pick<TrainCheckpoint, 'epoch' | 'bestEpoch' | 'history'>;
}

export const modelWeightsKey = (modelId: string): string => `model:${modelId}`;
export const runWeightsKey = (runId: string): string => `run:${runId}`;
