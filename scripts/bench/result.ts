import type { BenchFigures } from '@shared/bench-figures.ts';
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
  /** Text tasks: which preset trained (absent means fast). */
  preset?: 'fast' | 'best';
  /** "Best" only: where its time went and what its parts were worth on the validation rows. */
  best?: {
    linear_s: number;
    /** The linear model trained again on the whole train file once the mix is chosen. */
    refit_s: number;
    pretrain_s: number;
    deep_s: number;
    pretrain_texts: number;
    pretrain_on_test_texts: boolean;
    architecture: string;
    /** False in the ablation that starts the deep model from random vectors. */
    pretrained: boolean;
    units: number;
    mix_weight: number;
    validation_rows: number;
    /** [accuracy, macro-F1] of each half alone on the test file. */
    test_parts: { linear: [number, number]; deep: [number, number] };
    /** With --also-pretrain-on-test-texts: the same run with vectors learnt from the test texts too. */
    transductive?: {
      acc: number;
      macro_f1: number;
      weighted_f1: number;
      train_s: number;
      pretrain_s: number;
      deep_s: number;
      pretrain_texts: number;
      mix_weight: number;
      test_deep: [number, number];
    };
    /** [accuracy, macro-F1] on the validation rows (part of the train file). */
    validation: {
      linear: [number, number] | null;
      deep: [number, number] | null;
      mixed: [number, number] | null;
    };
  };
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
/** A page benchmark's figures as the bench's printed result. */
export function browserFields(result: BenchFigures) {
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
