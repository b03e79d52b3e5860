/** A tensor as plain data, so it can live in IndexedDB and cross a worker boundary. */
export interface SavedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type ClassWeighting = 'none' | 'balanced';

export interface TrainOptions {
  /** Upper bound; early stopping usually ends sooner. */
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
  classWeighting: ClassWeighting;
  labelSmoothing: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 30,
  batchSize: 128,
  learningRate: 0.02,
  patience: 3,
  seed: 42,
  classWeighting: 'none',
  labelSmoothing: 0,
};

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

export interface EpochSummary {
  epoch: number;
  loss: number;
  validationLoss: number;
  validationAccuracy: number;
  elapsedMs: number;
}

/** Progress of a training run, as sent from the worker (throttled). */
export type TrainProgress =
  | { kind: 'prepare'; stage: string }
  | { kind: 'batch'; epoch: number; epochs: number; batch: number; batches: number; loss: number; etaMs: number }
  | { kind: 'epoch'; epochs: number; summary: EpochSummary; etaMs: number }
  | { kind: 'checkpoint'; epoch: number };
