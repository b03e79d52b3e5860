import { appError } from '../errors.ts';

/**
 * Category paths such as `Clothing > Women > Dresses`, split into their levels. Shops write
 * the levels with different separators; the ones people use are offered here and detected.
 */
export const PATH_SEPARATORS = [' > ', '>>', '>', ' / ', '/', '|'] as const;
export type PathSeparator = (typeof PATH_SEPARATORS)[number] | (string & {});

/** How the app writes a path after parsing it, whatever separator the source used. */
export const CANONICAL_SEPARATOR = ' > ';

export interface PathProblem {
  /** 0-based position of the offending path in the input list. */
  index: number;
  path: string;
  code: 'EmptyPath' | 'EmptyLevel';
  message: string;
}

/** Collapses runs of whitespace (including non-breaking spaces) and trims. */
export function normaliseName(name: string): string {
  return name.replace(/[\s\u00a0\u3000]+/gu, ' ').trim();
}

/**
 * Splits one path into trimmed, whitespace-collapsed levels. A separator that is only
 * whitespace-padded (` > `) also matches without the padding (`A>B`), because people type both.
 * Empty levels (`A >  > B`, a trailing `>`) are errors, not silently dropped: dropping them
 * would attach the leaf to the wrong parent.
 * @throws InvalidInput naming the path when it is empty or has an empty level
 */
export function parseCategoryPath(path: string, separator: PathSeparator = ' > '): string[] {
  const core = separator.trim() || separator;
  const levels = path.split(core).map(normaliseName);
  if (levels.length === 1 && levels[0] === '') {
    throw appError('InvalidInput', 'The category path is empty');
  }
  const empty = levels.findIndex((level) => level === '');
  if (empty >= 0) {
    throw appError('InvalidInput', `The category path "${path}" has an empty level ${empty + 1}`);
  }
  return levels;
}

/**
 * The levels of a path as shop platforms export it (`A > B`, `A>B`), empty levels skipped.
 * A shop's own file is read as it is; a label the owner types is checked by parseCategoryPath.
 */
export function shopPathLevels(path: string): string[] {
  return path.split('>').map(normaliseName).filter(Boolean);
}

export function joinCategoryPath(levels: readonly string[]): string {
  return levels.join(CANONICAL_SEPARATOR);
}

/**
 * The separator that splits the most paths into more than one level, preferring the longer
 * spelling (` > ` over `>`) when both split the same paths. Falls back to ` > ` for flat labels.
 */
export function detectSeparator(paths: readonly string[]): PathSeparator {
  const sample = paths.slice(0, 2000);
  let best: PathSeparator = ' > ';
  let bestCount = 0;
  for (const separator of PATH_SEPARATORS) {
    const count = sample.filter((path) => path.includes(separator)).length;
    if (count > bestCount) {
      best = separator;
      bestCount = count;
    }
  }
  return best;
}

/** Parses many paths, collecting problems per path instead of stopping at the first. */
export function parseCategoryPaths(
  paths: readonly string[],
  separator: PathSeparator,
): { levels: (string[] | null)[]; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const levels = paths.map((path, index) => {
    try {
      return parseCategoryPath(path, separator);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push({
        index,
        path,
        code: normaliseName(path) === '' ? 'EmptyPath' : 'EmptyLevel',
        message: `Path ${index + 1}: ${message}`,
      });
      return null;
    }
  });
  return { levels, problems };
}
