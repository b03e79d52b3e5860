/**
 * The deep half of a "Best" text model: subword vectors learnt from each dataset's own texts
 * (the `subwordEmbeddings` store) and the network stored beside a model's linear weights.
 */
import type { SavedTensor } from './model.ts';

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

export interface FigurePair {
  accuracy: number;
  macroF1: number;
}

/** What the model's page says about the deep half of a "Best" model. */
export interface DeepModelSummary {
  architecture: DeepArchitecture;
  /** The deep model's share of the mix, chosen on the validation rows. */
  weight: number;
  /** Validation accuracy and macro-F1 of the linear model, the deep model and the mix. */
  validation: { linear: FigurePair; deep: FigurePair; mixed: FigurePair } | null;
  pretrainTexts: number;
  pretrainReused: boolean;
  pretrainMs: number;
  deepMs: number;
}

/** What a dataset's subword vectors were learnt from and how far that has got. */
export interface SubwordEmbeddingRecord {
  datasetId: string;
  /** Fingerprint of every product text of the dataset: other texts mean learning again. */
  textsHash: string;
  /** The settings they were learnt with, as JSON: another recipe means learning again. */
  recipe: string;
  unitHashes: Uint32Array;
  wordHashes: Uint32Array;
  wordCounts: Float32Array;
  dim: number;
  /** Row-major [unitHashes.length, dim]. */
  units: Float32Array;
  epochsDone: number;
  epochs: number;
  /** The output vectors, kept only while epochs remain, so a stopped run can continue. */
  words: Float32Array | null;
  losses: number[];
  texts: number;
  trainMs: number;
  updatedAt: number;
}
