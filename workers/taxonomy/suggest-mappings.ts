import type { MappingSuggestion, ShopCategorySample } from '@shared/contracts/taxonomy.ts';
import { localisedPath, type StandardTaxonomy } from '@shared/taxonomy/standard-taxonomy.ts';
import { detectSeparator, parseCategoryPath } from '@shared/taxonomy/category-path.ts';
import { ProfileIndex } from './ngram-profile.ts';

/** How much the category's own name counts against the titles of the products in it. */
export const NAME_WEIGHT = 0.6;
const CANDIDATES = 5;

/** What a node is matched on: its path in every language, its English name twice (it matters most). */
export function nodeDocument(taxonomy: StandardTaxonomy, node: number): string {
  const parts: string[] = [];
  for (const language of taxonomy.info.languages) {
    const path = localisedPath(taxonomy, node, language);
    parts.push(path.join(' '));
    if (language === 'en') parts.push(path[path.length - 1] ?? '');
  }
  return parts.join('\n');
}

export function buildNodeIndex(taxonomy: StandardTaxonomy): ProfileIndex {
  return new ProfileIndex(taxonomy.tree.nodes.map((node) => nodeDocument(taxonomy, node.index)));
}

function categoryDocument(category: string, separator: string): string {
  try {
    const levels = parseCategoryPath(category, separator);
    return `${levels.join(' ')}\n${levels[levels.length - 1] ?? ''}`;
  } catch {
    return category;
  }
}

/**
 * For each shop category, the standard nodes most similar to it: cosine similarity of TF-IDF
 * n-gram profiles, from the category's path (weight NAME_WEIGHT) and from the titles of its
 * products (the rest). Chinese works too: CJK text gives character n-grams.
 */
export function suggestMappings(
  taxonomy: StandardTaxonomy,
  categories: readonly ShopCategorySample[],
  index: ProfileIndex = buildNodeIndex(taxonomy),
): MappingSuggestion[] {
  const separator = detectSeparator(categories.map((c) => c.category));
  return categories.map(({ category, titles }) => {
    const byName = index.similarities(index.profile(categoryDocument(category, separator)));
    const byProducts = titles.length
      ? index.similarities(index.profile(titles.join('\n')))
      : new Float32Array(index.size);
    const productWeight = titles.length ? 1 - NAME_WEIGHT : 0;
    const nameWeight = titles.length ? NAME_WEIGHT : 1;
    const ranked: { node: number; score: number }[] = [];
    for (let node = 0; node < index.size; node++) {
      const score = nameWeight * (byName[node] ?? 0) + productWeight * (byProducts[node] ?? 0);
      if (score <= 0) continue;
      if (ranked.length < CANDIDATES || score > (ranked[ranked.length - 1]?.score ?? 0)) {
        ranked.push({ node, score });
        ranked.sort((a, b) => b.score - a.score);
        if (ranked.length > CANDIDATES) ranked.pop();
      }
    }
    return {
      category,
      candidates: ranked.map(({ node, score }) => ({
        nodeId: taxonomy.tree.nodes[node]?.id ?? '',
        score: Math.round(score * 1000) / 1000,
      })),
    };
  });
}
