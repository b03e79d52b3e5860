import type { ShopCategorySample } from '@shared/contracts/taxonomy.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';

/** Product titles kept per category: enough for a profile, bounded for huge categories. */
const TITLES_PER_CATEGORY = 200;

export function sampleCategories(rows: readonly StoredRow[]): ShopCategorySample[] {
  const byCategory = new Map<string, string[]>();
  for (const row of rows) {
    let titles = byCategory.get(row.category);
    if (!titles) byCategory.set(row.category, (titles = []));
    if (titles.length < TITLES_PER_CATEGORY) titles.push(row.title);
  }
  return [...byCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, titles]) => ({ category, titles }));
}
