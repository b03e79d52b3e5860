import { detectSeparator, parseCategoryPath } from './category-path.ts';
import { hierarchicalMetrics } from './hierarchical-metrics.ts';

/** Per-level figures as the benchmark reports them (rounded, snake_case). */
export interface LevelFigures {
  /** Accuracy at level 1, 2, … of the true paths. */
  level_acc: number[];
  level_f1: number[];
  hier_f1: number;
}

const round = (value: number) => Math.round(value * 10000) / 10000;

function levelsOf(path: string, separator: string): string[] {
  try {
    return parseCategoryPath(path, separator);
  } catch {
    return [];
  }
}

/** Per-level accuracy and macro-F1 and hierarchical F1 of predicted category paths. */
export function levelFigures(
  truth: readonly string[],
  predicted: readonly string[],
  separator: string = detectSeparator(truth),
): LevelFigures {
  const metrics = hierarchicalMetrics(
    truth.map((path) => levelsOf(path, separator)),
    predicted.map((path) => levelsOf(path, separator)),
  );
  return {
    level_acc: metrics.levels.map((level) => round(level.accuracy)),
    level_f1: metrics.levels.map((level) => round(level.macroF1)),
    hier_f1: round(metrics.hierarchicalF1),
  };
}
