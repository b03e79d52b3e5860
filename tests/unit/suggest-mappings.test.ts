import { describe, expect, it } from 'vitest';
import { parseTaxonomyFile, type TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { suggestMappings } from '../../workers/taxonomy/suggest-mappings.ts';
import { sampleCategories } from '../../workers/taxonomy/dataset-categories.ts';

const file: TaxonomyFile = {
  format: 1,
  info: {
    id: 't',
    name: 'Test',
    version: '1',
    languages: ['en', 'zh-CN'],
    nodeCount: 7,
    leafCount: 4,
    licence: 'CC0',
    attribution: 'test',
    exportColumn: 'c',
    exportIdTemplate: '{id}',
  },
  ids: ['1', '2', '3', '4', '5', '6', '7'],
  parents: [-1, 0, 0, 1, -1, 4, 4],
  names: {
    en: ['Apparel', 'Shoes', 'Watches', 'Sneakers', 'Home', 'Kitchen Knives', 'Garden Hoses'],
    'zh-CN': ['服装', '鞋', '手表', '运动鞋', '家居', '厨房刀具', '园艺水管'],
  },
};
const taxonomy = parseTaxonomyFile(file);

describe('suggestMappings', () => {
  it('matches categories by name and by the titles of their products', () => {
    const suggestions = suggestMappings(
      taxonomy,
      sampleCategories([
        {
          line: 2,
          id: 'a',
          title: 'Nike running sneakers',
          description: '',
          category: 'Footwear > Sneakers',
          image: '',
        },
        {
          line: 3,
          id: 'b',
          title: 'Titan analog watch',
          description: '',
          category: 'Accessories > Timepieces',
          image: '',
        },
        {
          line: 4,
          id: 'c',
          title: 'Chef knife 20 cm',
          description: '',
          category: 'Misc',
          image: '',
        },
        {
          line: 5,
          id: 'd',
          title: '不锈钢厨房刀具套装',
          description: '',
          category: '厨房',
          image: '',
        },
      ]),
    );
    const best = Object.fromEntries(suggestions.map((s) => [s.category, s.candidates[0]?.nodeId]));
    expect(best).toEqual({
      'Accessories > Timepieces': '3', // from the products: "watch"
      'Footwear > Sneakers': '4',
      Misc: '6', // "knife" shares n-grams with "Knives"
      厨房: '6', // Chinese name and title
    });
    for (const suggestion of suggestions) {
      const scores = suggestion.candidates.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
    }
  });
});
