import type { ClassificationMetrics } from '../../src/shared/metrics.ts';
import type { LevelFigures } from '../../src/shared/taxonomy/level-figures.ts';

/** The bench's contract: the last line it prints is this object as JSON. */
export interface BenchResult extends LevelFigures {
  task: string;
  n_train: number;
  n_test: number;
  acc: number;
  macro_f1: number;
  weighted_f1: number;
  train_s: number;
  predict_per_s: number;
  backend: string;
  runtime: 'node' | 'browser';
  peak_mem_mb: number;
  epochs: number;
  features: number;
  leaked_tensors: number;
  /** Photo tasks only. */
  backbone?: string;
  head?: string;
  augment_views?: number;
  embed_s?: number;
  embed_ms_per_image?: number | null;
  embed_ms_by_backend?: Record<string, number | string>;
  problems?: number;
}

export function metricFields(metrics: ClassificationMetrics) {
  const round = (value: number) => Math.round(value * 10000) / 10000;
  return {
    acc: round(metrics.accuracy),
    macro_f1: round(metrics.macroF1),
    weighted_f1: round(metrics.weightedF1),
  };
}
