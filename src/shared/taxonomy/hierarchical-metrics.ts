import { computeMetrics } from '../metrics.ts';
import { joinCategoryPath } from './category-path.ts';

export interface LevelMetrics {
  /** 1 for the top level. */
  level: number;
  /** Share of rows (whose true path reaches this level) with the right category at it. */
  accuracy: number;
  /** Mean F1 over the categories of this level in the truth or the predictions. */
  macroF1: number;
  /** Rows whose true path reaches this level. */
  count: number;
}

export interface HierarchicalMetrics {
  levels: LevelMetrics[];
  /** The whole path right. */
  leafAccuracy: number;
  leafMacroF1: number;
  /**
   * Kiritchenko et al.'s hierarchical precision, recall and F1: each path stands for the set
   * of its nodes (ancestors included, no root), summed over rows before the ratio.
   */
  hierarchicalPrecision: number;
  hierarchicalRecall: number;
  hierarchicalF1: number;
  /** Share of rows predicted as an ancestor, or not at all. */
  backedOffShare: number;
  count: number;
}

/** Stands for "no category at this level" (a prediction that backed off above it). */
const ABSTAIN = '\u0000abstain';

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function labelMetrics(truth: readonly string[], predicted: readonly string[]) {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const id = new Map(labels.map((label, i) => [label, i]));
  const metrics = computeMetrics(
    truth.map((label) => id.get(label) as number),
    predicted.map((label) => id.get(label) as number),
    labels,
  );
  // An abstention is a miss for the true class, not a class of its own to average over.
  const real = metrics.perClass.filter((c) => c.label !== ABSTAIN);
  return {
    accuracy: metrics.accuracy,
    macroF1: ratio(
      real.reduce((sum, c) => sum + c.f1, 0),
      real.length,
    ),
  };
}

function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Per-level and hierarchical metrics for paths given as their levels. A predicted path may
 * be shorter than the true one (back-off) or empty (no prediction): it then counts as wrong
 * at the levels it does not reach, but does not lower hierarchical precision.
 * @throws RangeError when the two lists differ in length
 */
export function hierarchicalMetrics(
  truth: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  /** Which predictions backed off to an ancestor; empty predictions always count. */
  isBackedOff: readonly boolean[] = [],
): HierarchicalMetrics {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} rows but predicted has ${predicted.length}`);
  }
  const depth = truth.reduce((max, path) => Math.max(max, path.length), 0);
  const levels: LevelMetrics[] = [];
  for (let level = 1; level <= depth; level++) {
    const rows = truth.flatMap((path, i) => (path.length >= level ? [i] : []));
    const atLevel = (path: readonly string[]) =>
      path.length >= level ? joinCategoryPath(path.slice(0, level)) : ABSTAIN;
    const scored = labelMetrics(
      rows.map((i) => atLevel(truth[i] as string[])),
      rows.map((i) => atLevel(predicted[i] as string[])),
    );
    levels.push({ level, ...scored, count: rows.length });
  }
  const leaf = labelMetrics(
    truth.map((path) => joinCategoryPath(path)),
    predicted.map((path) => (path.length ? joinCategoryPath(path) : ABSTAIN)),
  );
  let overlap = 0;
  let predictedNodes = 0;
  let trueNodes = 0;
  let backedOff = 0;
  truth.forEach((path, i) => {
    const guess = predicted[i] as readonly string[];
    overlap += commonPrefixLength(path, guess);
    predictedNodes += guess.length;
    trueNodes += path.length;
    if (guess.length === 0 || isBackedOff[i]) backedOff++;
  });
  const hierarchicalPrecision = ratio(overlap, predictedNodes);
  const hierarchicalRecall = ratio(overlap, trueNodes);
  return {
    levels,
    leafAccuracy: leaf.accuracy,
    leafMacroF1: leaf.macroF1,
    hierarchicalPrecision,
    hierarchicalRecall,
    hierarchicalF1: ratio(
      2 * hierarchicalPrecision * hierarchicalRecall,
      hierarchicalPrecision + hierarchicalRecall,
    ),
    backedOffShare: ratio(backedOff, truth.length),
    count: truth.length,
  };
}
