/** The taxonomy worker: mapping shop categories to standard taxonomies and classifying into them. */
import type { ClassifyRequest } from './classify.ts';

export interface ShopCategorySample {
  category: string;
  /** Titles of (some of) the products in it. */
  titles: string[];
}

export interface MappingSuggestion {
  category: string;
  /** Best first; scores are cosine similarities, 0–1. */
  candidates: { nodeId: string; score: number }[];
}

export interface SuggestMappingsRequest {
  datasetId: string;
  /** Absolute URL of the taxonomy file on the app's own origin. */
  taxonomyUrl: string;
}

export interface StandardClassifyRequest {
  taxonomyUrl: string;
  products: ClassifyRequest[];
  /** The shop model's ranked categories per product; null when there is no model. */
  modelPredictions: { label: string; probability: number }[][] | null;
  /** Shop category → standard node id, from the owner's mapping table. */
  mapping: { shopCategory: string; nodeId: string | null }[];
  /** Share of the name prior in the mix, 0–1. */
  priorWeight: number;
  k: number;
}

export interface StandardPrediction {
  nodeId: string;
  probability: number;
  /** What put it there: the model through the mapping, the names alone, or both. */
  source: 'model' | 'names' | 'both';
}

export interface TaxonomyApi {
  /** Suggests a standard node for each category of a stored dataset. */
  suggestMappings(request: SuggestMappingsRequest): Promise<MappingSuggestion[]>;
  /**
   * Ranks standard nodes for products: the model's categories through the mapping, mixed
   * with a prior from the similarity of the product to every node's name (cold start).
   */
  classifyIntoTaxonomy(request: StandardClassifyRequest): Promise<StandardPrediction[][]>;
}
