/**
 * How often the mapping suggestion finds the "same" category, where the answer is known:
 * Shopify's taxonomy grew out of Google's, and thousands of categories have the same English
 * path in both. Each such Google category is given as a shop category by its name only
 * (English, or Google's own Chinese translation, which differs from Shopify's), with no
 * products, and the suggestion is right when its English path is the Google one.
 * usage: npx tsx scripts/mapping-agreement.ts
 */
import { readFileSync } from 'node:fs';
import {
  localisedPath,
  parseTaxonomyFile,
  type TaxonomyFile,
} from '@shared/taxonomy/standard-taxonomy.ts';
import { buildNodeIndex, suggestMappings } from '../workers/taxonomy/suggest-mappings.ts';

const read = (id: string) =>
  parseTaxonomyFile(
    JSON.parse(readFileSync(`public/taxonomies/${id}.json`, 'utf8')) as TaxonomyFile,
  );
const shopify = read('shopify');
const google = read('google');
const shopifyByPath = new Map(
  shopify.tree.nodes.map((node) => [localisedPath(shopify, node.index, 'en').join(' > '), node.id]),
);
const shared = google.tree.nodes.flatMap((node) => {
  const en = localisedPath(google, node.index, 'en').join(' > ');
  const zhName = google.names['zh-CN']?.[node.index] ?? '';
  const shopifyId = shopifyByPath.get(en);
  return shopifyId && zhName
    ? [{ en, zh: localisedPath(google, node.index, 'zh-CN').join(' > '), shopifyId }]
    : [];
});
const index = buildNodeIndex(shopify);
const result: Record<string, unknown> = { shared_categories: shared.length };
for (const language of ['en', 'zh'] as const) {
  const started = performance.now();
  const suggestions = suggestMappings(
    shopify,
    shared.map((c) => ({ category: c[language], titles: [] })),
    index,
  );
  let top1 = 0;
  let top5 = 0;
  suggestions.forEach((suggestion, i) => {
    const want = shared[i]?.shopifyId;
    if (suggestion.candidates[0]?.nodeId === want) top1++;
    if (suggestion.candidates.some((c) => c.nodeId === want)) top5++;
  });
  result[language] = {
    top1: Math.round((top1 / shared.length) * 1000) / 1000,
    top5: Math.round((top5 / shared.length) * 1000) / 1000,
    ms_per_category: Math.round(((performance.now() - started) / shared.length) * 100) / 100,
  };
}
console.log(JSON.stringify(result));
