import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { treeFromPaths } from '@shared/taxonomy/category-tree.ts';
import { parseTaxonomyFile, type TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { buildSearchIndex, searchTaxonomy } from '@shared/taxonomy/taxonomy-search.ts';

const { tree } = treeFromPaths(
  [
    'Apparel & Accessories > Clothing > Dresses',
    'Apparel & Accessories > Shoes > Sneakers',
    'Home & Garden > Kitchen > Dress Forms',
    'Sporting Goods > Shoes',
  ],
  ' > ',
);
// Chinese names by node index, in tree order.
const chinese = [
  '服装与配饰',
  '服装',
  '连衣裙',
  '鞋',
  '运动鞋',
  '家居与园艺',
  '厨房',
  '人台',
  '体育用品',
  '鞋',
];
const index = buildSearchIndex(tree, [chinese]);
const ids = (query: string) => searchTaxonomy(index, query).map((i) => tree.nodes[i]?.id);

describe('searchTaxonomy', () => {
  it('ranks a name that starts with the query first, shallower nodes before deeper', () => {
    expect(ids('dress')).toEqual([
      'Apparel & Accessories > Clothing > Dresses',
      'Home & Garden > Kitchen > Dress Forms',
    ]);
    expect(ids('shoes')).toEqual([
      'Apparel & Accessories > Shoes',
      'Sporting Goods > Shoes',
      'Apparel & Accessories > Shoes > Sneakers',
    ]);
  });

  it('needs every word, anywhere in the path, in any case', () => {
    expect(ids('APPAREL sneak')).toEqual(['Apparel & Accessories > Shoes > Sneakers']);
    expect(ids('garden > forms')).toEqual(['Home & Garden > Kitchen > Dress Forms']);
  });

  it('finds Chinese names and paths', () => {
    expect(ids('运动鞋')).toEqual(['Apparel & Accessories > Shoes > Sneakers']);
    expect(ids('服装 连衣')).toEqual(['Apparel & Accessories > Clothing > Dresses']);
  });

  it('lists everything in tree order for an empty query and nothing for a miss', () => {
    expect(searchTaxonomy(index, '  ')).toHaveLength(tree.nodes.length);
    expect(ids('nonexistent')).toEqual([]);
  });
});

describe('searchTaxonomy on the bundled Shopify taxonomy (10,281 categories)', () => {
  const file = JSON.parse(readFileSync('public/taxonomies/shopify.json', 'utf8')) as TaxonomyFile;
  const shopify = parseTaxonomyFile(file);
  const search = buildSearchIndex(shopify.tree, [shopify.names['zh-CN'] ?? []]);
  const names = (query: string, n = 5) =>
    searchTaxonomy(search, query)
      .slice(0, n)
      .map((i) => shopify.tree.nodes[i]?.name);

  it('finds the sandals and slippers a shop calls flip flops, in any word form', () => {
    for (const query of ['flip flop', 'Flip Flops', 'flip-flops']) {
      const top = names(query, 2);
      expect(top.every((name) => name === 'Sandals' || name === 'Slippers')).toBe(true);
    }
  });

  it('reads a hyphen as joining two words, and still finds the hyphenated name first', () => {
    const plain = buildSearchIndex(shopify.tree);
    const top = (query: string) => shopify.tree.nodes[searchTaxonomy(plain, query)[0] ?? -1]?.name;
    expect(['Sandals', 'Slippers']).toContain(top('Flip-Flops'));
    expect(top('T-Shirts')).toBe('T-Shirts');
  });

  it('finds tunics for kurtas', () => {
    expect(names('kurta', 3)).toContain('Tunics');
    expect(names('kurtas', 3)).toContain('Tunics');
  });

  it('matches partial words and plurals', () => {
    expect(names('sneak', 1)).toEqual(['Sneakers']);
    expect(names('t-shirt', 3)).toContain('T-Shirts');
    expect(names('dresses', 1)).toEqual(['Dresses']);
  });
});
