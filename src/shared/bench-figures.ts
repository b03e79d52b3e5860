import type { LevelFigures } from './taxonomy/level-figures.ts';

/**
 * What every benchmark run in the page reports (text and photo tasks alike), read by the bench
 * scripts through the test API and turned into the printed result by `browserFields`.
 */
export interface BenchFigures {
  n_train: number;
  n_test: number;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Per-level figures of the category paths (grocery's are three levels deep). */
  levels: LevelFigures;
  train_s: number;
  predict_per_s: number;
  backend: string;
  epochs: number;
  leaked_tensors: number;
}
