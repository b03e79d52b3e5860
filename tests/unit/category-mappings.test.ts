import { describe, expect, it } from 'vitest';
import {
  acceptSuggestionsAbove,
  exportRows,
  mappingFromSuggestions,
  suggestionsAbove,
} from '../../src/features/taxonomy/category-mappings.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { parseTaxonomyFile, type TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';

const file: TaxonomyFile = {
  format: 1,
  info: {
    id: 'shopify',
    name: 'Shopify',
    version: '2024-07',
    languages: ['en', 'zh-CN'],
    nodeCount: 3,
    leafCount: 2,
    licence: 'MIT',
    attribution: 'Shopify',
    exportColumn: 'shopify_product_category',
    exportIdTemplate: 'gid://shopify/TaxonomyCategory/{id}',
  },
  ids: ['aa', 'aa-1', 'aa-2'],
  parents: [-1, 0, 0],
  names: { en: ['Apparel', 'Shoes', 'Bags'], 'zh-CN': ['服装', '鞋', ''] },
};
const taxonomy = parseTaxonomyFile(file);
const row = (id: string, category: string): StoredRow => ({
  line: 1,
  id,
  title: `title ${id}`,
  description: '',
  category,
  image: '',
});

describe('category mapping export', () => {
  const suggested = mappingFromSuggestions('d', taxonomy, [
    { category: 'Footwear > Shoes', candidates: [{ nodeId: 'aa-1', score: 0.8 }] },
    { category: 'Misc', candidates: [] },
  ]);
  const mapping = acceptSuggestionsAbove(suggested, 0.5);

  it('writes no standard id for a suggestion the owner has not confirmed', () => {
    const rows = exportRows([row('1', 'Footwear > Shoes')], suggested, taxonomy, null);
    expect(rows[0]).toMatchObject({
      shopify_product_category: '',
      shopify_product_category_path: '',
    });
  });

  it('accepts in bulk only the suggestions at or above the score shown', () => {
    const weak = mappingFromSuggestions('d', taxonomy, [
      { category: 'Flip Flops', candidates: [{ nodeId: 'aa-2', score: 0.11 }] },
      { category: 'Footwear > Shoes', candidates: [{ nodeId: 'aa-1', score: 0.8 }] },
    ]);
    expect(suggestionsAbove(weak, 0.5)).toBe(1);
    const accepted = acceptSuggestionsAbove(weak, 0.5);
    expect(accepted.entries.map((e) => e.source)).toEqual(['suggested', 'confirmed']);
    const rows = exportRows(
      [row('1', 'Flip Flops'), row('2', 'Footwear > Shoes')],
      accepted,
      taxonomy,
      null,
    );
    expect(rows.map((r) => r.shopify_product_category)).toEqual([
      '',
      'gid://shopify/TaxonomyCategory/aa-1',
    ]);
  });

  it('starts from the best suggestion, unconfirmed', () => {
    expect(suggested.entries).toEqual([
      { shopCategory: 'Footwear > Shoes', nodeId: 'aa-1', score: 0.8, source: 'suggested' },
      { shopCategory: 'Misc', nodeId: null, score: null, source: 'suggested' },
    ]);
  });

  it('writes the standard id (a Shopify gid) and path of each product category', () => {
    const rows = exportRows(
      [row('1', 'Footwear > Shoes'), row('2', 'Misc')],
      mapping,
      taxonomy,
      null,
    );
    expect(rows).toEqual([
      {
        id: '1',
        title: 'title 1',
        category: 'Footwear > Shoes',
        shopify_product_category: 'gid://shopify/TaxonomyCategory/aa-1',
        shopify_product_category_path: 'Apparel > Shoes',
      },
      {
        id: '2',
        title: 'title 2',
        category: 'Misc',
        shopify_product_category: '',
        shopify_product_category_path: '',
      },
    ]);
  });

  it('maps the predicted category when predictions are given', () => {
    const [exported] = exportRows([row('1', 'Misc')], mapping, taxonomy, [
      { label: 'Footwear > Shoes', probability: 0.91234 },
    ]);
    expect(exported).toMatchObject({
      category: 'Misc',
      predicted_category: 'Footwear > Shoes',
      confidence: '0.9123',
      shopify_product_category: 'gid://shopify/TaxonomyCategory/aa-1',
    });
  });

  it('rejects a taxonomy file whose parents form a cycle', () => {
    expect(() => parseTaxonomyFile({ ...file, parents: [2, 0, 1] })).toThrow(/cycle/);
  });
});
