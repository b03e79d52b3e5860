import {
  detectSeparator,
  joinCategoryPath,
  parseCategoryPath,
  type PathSeparator,
} from './category-path.ts';
import { lineage, treeFromPaths, type CategoryTree, type TreeProblem } from './category-tree.ts';

/**
 * A flat model's labels placed in their category tree. The model scores whole paths; the
 * probability of a node is the sum over the labels at or below it, so ancestors are
 * consistent with the leaves by construction (a parent is never less likely than a child).
 */
export interface LabelHierarchy {
  separator: PathSeparator;
  tree: CategoryTree;
  /** Node of each label; -1 for a label whose path could not be parsed. */
  labelNode: Int32Array;
  /** Label of each node, or -1 when the node is only an ancestor of labels. */
  nodeLabel: Int32Array;
  /** For each label, its node and every ancestor, top level first. */
  labelLineage: number[][];
  problems: TreeProblem[];
}

/** The path written with the canonical separator, or null when it does not parse. */
export function canonicalPath(path: string, separator: PathSeparator): string | null {
  try {
    return joinCategoryPath(parseCategoryPath(path, separator));
  } catch {
    return null;
  }
}

export function buildLabelHierarchy(
  labels: readonly string[],
  separator: PathSeparator = detectSeparator(labels),
): LabelHierarchy {
  const { tree, problems } = treeFromPaths(labels, separator);
  const labelNode = new Int32Array(labels.length).fill(-1);
  const nodeLabel = new Int32Array(tree.nodes.length).fill(-1);
  const labelLineage: number[][] = [];
  labels.forEach((label, i) => {
    const node = tree.byPath.get(canonicalPath(label, separator) ?? '');
    if (node === undefined) {
      labelLineage.push([]);
      return;
    }
    labelNode[i] = node;
    if (nodeLabel[node] === -1) nodeLabel[node] = i;
    labelLineage.push(lineage(tree, node));
  });
  return { separator, tree, labelNode, nodeLabel, labelLineage, problems };
}

/** Probability of every node for one row of a label-probability matrix. */
export function nodeProbabilities(
  hierarchy: LabelHierarchy,
  probabilities: ArrayLike<number>,
  offset = 0,
): Float64Array {
  const out = new Float64Array(hierarchy.tree.nodes.length);
  hierarchy.labelLineage.forEach((chain, label) => {
    const p = probabilities[offset + label] ?? 0;
    for (const node of chain) out[node] = (out[node] ?? 0) + p;
  });
  return out;
}

export interface PathPrediction {
  /** Predicted node; -1 when not even a top-level category reaches the threshold. */
  node: number;
  path: string[];
  probability: number;
  /** True when the most probable label fell short of the threshold and an ancestor was kept. */
  backedOff: boolean;
}

/**
 * Back-off: the most probable label when it reaches `threshold`, otherwise the deepest node
 * whose summed probability does (the most probable one among nodes of that depth).
 */
export function predictWithBackOff(
  hierarchy: LabelHierarchy,
  probabilities: ArrayLike<number>,
  threshold: number,
  offset = 0,
  labelCount = hierarchy.labelNode.length,
): PathPrediction {
  let bestLabel = 0;
  for (let c = 1; c < labelCount; c++)
    if ((probabilities[offset + c] ?? 0) > (probabilities[offset + bestLabel] ?? 0)) bestLabel = c;
  const leafProbability = probabilities[offset + bestLabel] ?? 0;
  const leafNode = hierarchy.labelNode[bestLabel] ?? -1;
  const { nodes } = hierarchy.tree;
  if (leafProbability >= threshold && leafNode >= 0) {
    return {
      node: leafNode,
      path: nodes[leafNode]?.path ?? [],
      probability: leafProbability,
      backedOff: false,
    };
  }
  const summed = nodeProbabilities(hierarchy, probabilities, offset);
  let best = -1;
  summed.forEach((p, node) => {
    if (p < threshold) return;
    const depth = nodes[node]?.depth ?? 0;
    const bestDepth = nodes[best]?.depth ?? 0;
    if (depth > bestDepth || (depth === bestDepth && p > (summed[best] ?? 0))) best = node;
  });
  return {
    node: best,
    path: nodes[best]?.path ?? [],
    probability: best >= 0 ? (summed[best] ?? 0) : 0,
    backedOff: true,
  };
}

/**
 * Top-down decoding: from the top level, step to the child with the largest summed
 * probability until a leaf, or until the node's own label outweighs each of its children.
 * Always a full, consistent path; compared with the flat argmax in docs/BENCHMARKS.md.
 */
export function predictTopDown(
  hierarchy: LabelHierarchy,
  probabilities: ArrayLike<number>,
  offset = 0,
): number {
  const summed = nodeProbabilities(hierarchy, probabilities, offset);
  const { nodes, roots } = hierarchy.tree;
  const argmax = (candidates: readonly number[]) =>
    candidates.reduce((a, b) => ((summed[b] ?? 0) > (summed[a] ?? 0) ? b : a));
  let at = argmax(roots);
  for (;;) {
    const node = nodes[at];
    if (!node || node.children.length === 0) return at;
    const child = argmax(node.children);
    const ownLabel = hierarchy.nodeLabel[at] ?? -1;
    const own = ownLabel >= 0 ? (probabilities[offset + ownLabel] ?? 0) : -1;
    if (own > (summed[child] ?? 0)) return at;
    at = child;
  }
}
