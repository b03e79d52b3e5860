/**
 * Labels as the app treats them: an empty category is an unlabelled product (classified, never
 * trained on), and names that differ only in case or spacing are offered for merging.
 */
import { normaliseName } from './taxonomy/category-path.ts';

/** The category of a product that has none. */
export const UNLABELLED = '';

export function isLabelled(category: string): boolean {
  return category !== UNLABELLED;
}

/** The key two spellings of one category share: case folded, whitespace collapsed. */
export function labelKey(category: string): string {
  return normaliseName(category).toLocaleLowerCase('en');
}

export interface SimilarLabels {
  /** The spellings, the most used first: merging keeps the first. */
  labels: string[];
  counts: number[];
}

/** Categories equal after case folding and whitespace collapsing, groups of two or more. */
export function similarLabels(classCounts: Readonly<Record<string, number>>): SimilarLabels[] {
  const groups = new Map<string, [string, number][]>();
  for (const [label, count] of Object.entries(classCounts)) {
    if (!isLabelled(label)) continue;
    const key = labelKey(label);
    const group = groups.get(key);
    if (group) group.push([label, count]);
    else groups.set(key, [[label, count]]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      group.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return { labels: group.map(([label]) => label), counts: group.map(([, count]) => count) };
    });
}
