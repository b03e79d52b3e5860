import type { SavedTensor } from './model-types.ts';

/** Which text model a training run builds: the linear n-gram model, or that and a deep model. */
export type TextPreset = 'fast' | 'best';
export const TEXT_PRESETS: readonly TextPreset[] = ['fast', 'best'];

/**
 * The share of each category of a benchmark's train file that "Best" holds out to choose its
 * mix on (the app has its own validation rows).
 */
export const BEST_BENCH_VALIDATION_SHARE = 0.1;

/** How product texts are cut into positions and subword units (see workers/deep/subword.ts). */
export interface SubwordConfig {
  /** Shortest and longest character n-gram of a Latin word (the word is padded with < and >). */
  minN: number;
  maxN: number;
  /** Positions kept per text: titles come first, so a long description is cut, not the title. */
  maxPositions: number;
}

export type DeepArchitecture = 'cnn' | 'bag' | 'gru' | 'attention';

export interface NetworkShape {
  architecture: DeepArchitecture;
  dim: number;
  /** Convolution filters per width (cnn), hidden units per direction (gru). */
  filters: number;
  widths: number[];
  classCount: number;
}

/** How the linear and the deep model's scores are mixed into one calibrated distribution. */
export interface EnsembleMix {
  /** Share of the deep model's log-probabilities; the linear model's get 1 - weight. */
  weight: number;
  linearTemperature: number;
  deepTemperature: number;
}

/** What the subword vectors the deep model started from were learnt from. */
export interface PretrainSummary {
  textsHash: string;
  texts: number;
  epochs: number;
  trainMs: number;
  /** True when vectors learnt by an earlier training of the same texts were reused. */
  reused: boolean;
}

/** The deep half of a "Best" model, stored beside the linear weights. */
export interface StoredDeepModel {
  subword: SubwordConfig;
  /** Hash of each row of `units`. */
  unitHashes: Uint32Array;
  shape: NetworkShape;
  /** The fine-tuned embedding, row-major [unitHashes.length, shape.dim]. */
  units: Float32Array;
  /** Convolution and output layers. */
  dense: SavedTensor[];
  mix: EnsembleMix;
  pretrain: PretrainSummary;
  trainMs: number;
}
