/** The train worker: training text models on stored datasets. */
import type { FeatureSpace, ModelRecord, SavedTensor } from '../db/records/model.ts';
import type { BackendBenchmark, BackendControl, BackendName, Cancellable, Job } from './jobs.ts';

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

export interface EpochSummary {
  epoch: number;
  loss: number;
  validationLoss: number;
  validationAccuracy: number;
  validationMacroF1: number;
  elapsedMs: number;
}

/** What a run is doing before its first batch; the page words each in its own language. */
export type TrainStage = 'reading' | 'vocabulary' | 'vectorising';

/** Progress of a training run, as sent from the worker (throttled). */
export type TrainProgress =
  | { kind: 'prepare'; stage: TrainStage }
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
  | { kind: 'checkpoint'; epoch: number };

export interface TrainCheckpoint {
  epoch: number;
  space: FeatureSpace;
  weights: SavedTensor[];
  bestEpoch: number;
  /** Weights of the best epoch so far; null when that is `weights` itself. */
  bestWeights: SavedTensor[] | null;
  history: EpochSummary[];
}

export type TrainJobProgress =
  TrainProgress | { kind: 'evaluate' } | { kind: 'started'; runId: string };

export interface HeldOutShares {
  validation: number;
  /** 0 trains on everything but the validation rows (a benchmark brings its own test file). */
  test: number;
}

export interface TrainRequest {
  datasetId: string;
  /** Runs on this backend; a restarted worker does not remember the one chosen earlier. */
  backend: BackendName;
  options: TrainOptions;
  resumeRunId?: string;
  /**
   * Retrain this model with the shop's corrections: same vocabulary, labels and split,
   * starting from its weights, and compare the two on the same held-out rows.
   */
  warmStartModelId?: string;
  /** Shares of each category held out; the app's default is HELD_OUT (src/shared/split.ts). */
  heldOut?: HeldOutShares;
  /** What splits category paths into levels (` > `, `/`, `|`, `>>`); detected when absent. */
  separator?: string;
}

/** A backend failure a test asks for: the first batch of `atEpoch` or later throws it. */
export interface SimulatedFailure {
  kind: 'BackendLost' | 'OutOfMemory';
  atEpoch: number;
}

export interface TrainApi extends BackendControl, Cancellable {
  /** Times a training step on each backend; the worker stays on the backend it was on. */
  measureBackends(onResult: (result: BackendBenchmark) => void): Promise<BackendBenchmark[]>;
  currentBackend(): BackendName;
  train: Job<TrainRequest, TrainJobProgress, ModelRecord>;
  /** Test hook: makes a batch of the next run fail as a lost device or exhausted memory would. */
  simulateFailure(failure: SimulatedFailure | null): void;
}
