import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  exportId,
  localisedPath,
  parseTaxonomyFile,
  type TaxonomyFile,
  type TaxonomyInfo,
} from '@shared/taxonomy/standard-taxonomy.ts';
import { buildSearchIndex, searchTaxonomy } from '@shared/taxonomy/taxonomy-search.ts';

const index = JSON.parse(readFileSync('public/taxonomies/index.json', 'utf8')) as TaxonomyInfo[];
const load = (id: string) => {
  const info = index.find((entry) => entry.id === id) as TaxonomyInfo;
  const file = JSON.parse(readFileSync(`public/taxonomies/${info.file}`, 'utf8')) as TaxonomyFile;
  return parseTaxonomyFile(file);
};

describe('bundled taxonomies', () => {
  it('lists each with its version, size and licence', () => {
    expect(index.map((t) => [t.id, t.version, t.nodeCount, t.licence])).toEqual([
      ['shopify', '2024-07', 10281, 'MIT'],
      ['google', '2021-09-21 (zh-CN names 2015-02-19)', 5595, expect.stringMatching(/no explicit/)],
      ['bestbuy', '2016 open data set', 4717, 'CC0 1.0'],
    ]);
  });

  it('Shopify: valid tree, Chinese names everywhere, gids for export', () => {
    const shopify = load('shopify');
    expect(shopify.tree.nodes).toHaveLength(10281);
    expect(shopify.tree.roots).toHaveLength(25);
    expect(shopify.names['zh-CN']?.every((name) => name.length > 0)).toBe(true);
    const tshirts = shopify.tree.byId.get('aa-1-13-8') as number;
    expect(localisedPath(shopify, tshirts, 'en')).toEqual([
      'Apparel & Accessories',
      'Clothing',
      'Clothing Tops',
      'T-Shirts',
    ]);
    expect(exportId(shopify.info, 'aa-1-13-8')).toBe('gid://shopify/TaxonomyCategory/aa-1-13-8');
    const search = buildSearchIndex(shopify.tree, [shopify.names['zh-CN'] ?? []]);
    expect(searchTaxonomy(search, '连衣裙').length).toBeGreaterThan(0);
  });

  it('Google: numeric ids in google_product_category, Chinese paths where they exist', () => {
    const google = load('google');
    expect(google.info.exportColumn).toBe('google_product_category');
    const shoes = google.tree.byId.get('187') as number;
    expect(localisedPath(google, shoes, 'en')).toEqual(['Apparel & Accessories', 'Shoes']);
    expect(localisedPath(google, shoes, 'zh-CN')).toEqual(['服饰与配饰', '鞋类']);
    expect(exportId(google.info, '187')).toBe('187');
  });

  it('Best Buy: every category placed, with the parents the source omits restored', () => {
    const bestbuy = load('bestbuy');
    expect(bestbuy.tree.nodes).toHaveLength(4717);
    const laptops = bestbuy.tree.byId.get('abcat0502000') as number;
    expect(localisedPath(bestbuy, laptops, 'en')).toEqual(['Computers & Tablets', 'Laptops']);
  });
});
