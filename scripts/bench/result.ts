import type { ClassificationMetrics } from '@shared/metrics.ts';
import type { LevelFigures } from '@shared/taxonomy/level-figures.ts';

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
  /** Per photo with every view (the mirror too). */
  photo_ms_by_backend?: Record<string, number | string>;
  /** Views learnt from and averaged (centre, mirror, whole, whole-mirror). */
  views?: string[];
  fine_tune?: { frozen: number; epochs: number[] };
  parts?: Record<
    'text' | 'photo' | 'fused',
    { accuracy: number; macroF1: number; train_s: number }
  >;
  problems?: number;
}

export function metricFields(
  metrics: Pick<ClassificationMetrics, 'accuracy' | 'macroF1' | 'weightedF1'>,
) {
  const round = (value: number) => Math.round(value * 10000) / 10000;
  return {
    acc: round(metrics.accuracy),
    macro_f1: round(metrics.macroF1),
    weighted_f1: round(metrics.weightedF1),
  };
}

/** The fields every browser run reports the same way, from the app's benchmark hook. */
export function browserFields(result: {
  n_train: number;
  n_test: number;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  levels: LevelFigures;
  train_s: number;
  predict_per_s: number;
  backend: string;
  epochs: number;
  leaked_tensors: number;
}) {
  return {
    n_train: result.n_train,
    n_test: result.n_test,
    ...metricFields(result),
    ...result.levels,
    train_s: Math.round(result.train_s * 100) / 100,
    predict_per_s: Math.round(result.predict_per_s),
    backend: result.backend,
    runtime: 'browser' as const,
    epochs: result.epochs,
    leaked_tensors: result.leaked_tensors,
  };
}
