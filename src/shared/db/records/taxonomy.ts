/** Category trees: per-level figures of a model, and the owner's mappings to standard taxonomies. */
import type { HierarchicalMetrics } from '../../taxonomy/hierarchical-metrics.ts';

export interface HierarchyEvaluation {
  separator: string;
  depth: number;
  /** Leaf confidence under which back-off predicts an ancestor. */
  threshold: number;
  /** Always the most probable whole path. */
  flat: HierarchicalMetrics;
  backOff: HierarchicalMetrics;
}

export type MappingSource = 'suggested' | 'confirmed' | 'edited';

export interface CategoryMappingEntry {
  /** The shop's category path as imported. */
  shopCategory: string;
  /** Standard node id (Shopify category id, Google numeric id, …); null when unmapped. */
  nodeId: string | null;
  /** Similarity of the suggestion, 0–1; null after an edit by hand. */
  score: number | null;
  source: MappingSource;
}

/** The owner's table from a dataset's categories to one standard taxonomy. */
export interface CategoryMappingRecord {
  datasetId: string;
  taxonomyId: string;
  taxonomyVersion: string;
  updatedAt: number;
  entries: CategoryMappingEntry[];
}
