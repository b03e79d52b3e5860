import type { HierarchyEvaluation } from '@shared/db/records/taxonomy.ts';
import { hierarchicalMetrics } from '@shared/taxonomy/hierarchical-metrics.ts';
import { buildLabelHierarchy, predictWithBackOff } from '@shared/taxonomy/label-hierarchy.ts';

/** Leaf confidence below which the app predicts the deepest confident ancestor instead. */
export const DEFAULT_BACK_OFF_THRESHOLD = 0.5;

/**
 * Per-level figures of the held-out rows for the flat prediction and for back-off at
 * `threshold`; null when the labels are flat (no path has a second level).
 */
export function evaluateHierarchy(
  labels: readonly string[],
  probabilities: Float32Array,
  truth: readonly number[],
  threshold = DEFAULT_BACK_OFF_THRESHOLD,
  separator?: string,
): HierarchyEvaluation | null {
  const hierarchy = buildLabelHierarchy(labels, separator);
  const depth = hierarchy.tree.nodes.reduce((max, node) => Math.max(max, node.depth), 0);
  if (depth < 2 || truth.length === 0) return null;
  const width = labels.length;
  const truePaths = truth.map(
    (c) => hierarchy.tree.nodes[hierarchy.labelNode[c] ?? -1]?.path ?? [],
  );
  const flat: string[][] = [];
  const backedOff: string[][] = [];
  const isBackedOff: boolean[] = [];
  truth.forEach((_, r) => {
    flat.push(predictWithBackOff(hierarchy, probabilities, 0, r * width, width).path);
    const prediction = predictWithBackOff(hierarchy, probabilities, threshold, r * width, width);
    backedOff.push(prediction.path);
    isBackedOff.push(prediction.backedOff);
  });
  return {
    separator: hierarchy.separator,
    depth,
    threshold,
    flat: hierarchicalMetrics(truePaths, flat),
    backOff: hierarchicalMetrics(truePaths, backedOff, isBackedOff),
  };
}
