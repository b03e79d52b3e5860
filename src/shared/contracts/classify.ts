/**
 * The classify worker: one loaded text model classifies and explains products, and judges
 * whole catalogues (classify-all, and cross-check by models trained on the other folds).
 */
import type { BackendControl, BackendName, Cancellable, Job } from './jobs.ts';

export interface ClassifyRequest {
  title: string;
  description?: string;
}

/** How much one word (or CJK character) of the product text pushed a class's logit. */
export interface TextContribution {
  text: string;
  /** Offsets in the normalised (NFKC, lower-case) text. */
  start: number;
  end: number;
  contribution: number;
}

export interface TextExplanation {
  classId: number;
  label: string;
  /** The class's logit: the bias plus every unit's contribution. */
  logit: number;
  bias: number;
  units: TextContribution[];
  /** The normalised text the offsets refer to. */
  normalizedText: string;
}

/** A labelled product of the model's own catalogue that resembles the one being classified. */
export interface NearestProduct {
  position: number;
  id: string;
  title: string;
  category: string;
  /** Cosine similarity of the TF-IDF vectors, 0..1. */
  similarity: number;
}

export interface PathClassification {
  /** The predicted path, levels top first; empty when no category reaches the threshold. */
  path: string[];
  probability: number;
  /** True when `path` is an ancestor kept because the whole path was not sure enough. */
  backedOff: boolean;
  leafPath: string[];
  leafProbability: number;
}

export type CatalogueProgress =
  | { kind: 'classify'; done: number; total: number; etaMs: number | null }
  | { kind: 'crossCheck'; fold: number; folds: number; fraction: number; etaMs: number | null };

export interface CatalogueSummary {
  modelId: string;
  rows: number;
  /** Rows whose top prediction differs from the shop's label. */
  disagreements: number;
  seconds: number;
}

export interface CrossCheckRequest {
  modelId: string;
  folds: number;
  backend: BackendName;
}

export interface ClassifyApi extends BackendControl, Cancellable {
  /** Loads a model from IndexedDB; later calls classify with it. */
  loadModel(modelId: string): Promise<{ modelId: string; labels: number; backend: BackendName }>;
  classify(
    products: ClassifyRequest[],
    k: number,
  ): Promise<{ label: string; probability: number }[][]>;
  /** The most probable path per product, backed off to a confident ancestor below `threshold`. */
  classifyPaths(products: ClassifyRequest[], threshold: number): Promise<PathClassification[]>;
  /** Exact word contributions to one category's score (the top one when `label` is omitted). */
  explain(product: ClassifyRequest, label?: string): Promise<TextExplanation>;
  /** The most similar labelled products of the loaded model's own catalogue. */
  nearest(product: ClassifyRequest, k: number): Promise<NearestProduct[]>;
  /** Classifies every row of the model's catalogue (by model id) and stores the top-3 for review. */
  classifyCatalogue: Job<string, CatalogueProgress, CatalogueSummary>;
  /**
   * Judges every row of a model's catalogue with models trained on the other folds and
   * stores the result as that model's catalogue predictions (the review queue's source).
   */
  crossCheckCatalogue: Job<CrossCheckRequest, CatalogueProgress, CatalogueSummary>;
}
