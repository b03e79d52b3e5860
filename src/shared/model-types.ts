/** A tensor as plain data, so it can live in IndexedDB and cross a worker boundary. */
export interface SavedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type ClassWeighting = 'none' | 'balanced' | 'sqrt' | 'effective';
export type LossKind = 'softmax' | 'squaredHinge' | 'focal';
export type Sampling = 'shuffle' | 'balanced';

export interface TrainOptions {
  /** Upper bound, or 'auto' to scale with the catalogue; early stopping may end sooner. */
  epochs: number | 'auto';
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
  classWeighting: ClassWeighting;
  labelSmoothing: number;
  loss: LossKind;
  /** Keep the mean of the weights over the second half of the run (snapshots every few batches) as the model. */
  averageWeights: boolean;
  /** L2 penalty on the weights a batch uses, added to their gradient. */
  l2: number;
  /** 'linear' decays the learning rate towards zero over the run. */
  schedule: 'constant' | 'linear';
  /** 'balanced' draws each batch row from a uniformly chosen category (with replacement). */
  sampling?: Sampling;
  /** Categories with fewer rows than this are left out of training and evaluation. */
  minClassSize?: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 'auto',
  batchSize: 64,
  learningRate: 0.01,
  patience: 3,
  seed: 42,
  classWeighting: 'none',
  labelSmoothing: 0,
  loss: 'squaredHinge',
  averageWeights: true,
  l2: 5e-5,
  schedule: 'constant',
};

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

export interface EpochSummary {
  epoch: number;
  loss: number;
  validationLoss: number;
  validationAccuracy: number;
  validationMacroF1: number;
  elapsedMs: number;
}

/** Progress of a training run, as sent from the worker (throttled). */
export type TrainProgress =
  | { kind: 'prepare'; stage: string }
  | {
      kind: 'batch';
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      loss: number;
      etaMs: number;
    }
  | { kind: 'epoch'; epochs: number; summary: EpochSummary; etaMs: number }
  | { kind: 'checkpoint'; epoch: number }
  /** The "Best" preset: learning word vectors from the catalogue's texts, then the deep model. */
  | {
      kind: 'pretrain' | 'deep';
      epoch: number;
      epochs: number;
      done: number;
      loss: number;
      etaMs: number;
    };

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

export interface TrainCheckpoint {
  epoch: number;
  space: FeatureSpace;
  weights: SavedTensor[];
  bestEpoch: number;
  /** Weights of the best epoch so far; null when that is `weights` itself. */
  bestWeights: SavedTensor[] | null;
  history: EpochSummary[];
}
