import { describe, expect, it } from 'vitest';
import { parseTaxonomyFile, type TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { buildNodeIndex } from '../../workers/taxonomy/suggest-mappings.ts';
import { classifyIntoTaxonomy } from '../../workers/taxonomy/classify-standard.ts';

const file: TaxonomyFile = {
  format: 1,
  info: {
    id: 't',
    name: 'Test',
    version: '1',
    languages: ['en'],
    nodeCount: 5,
    leafCount: 3,
    licence: 'CC0',
    attribution: 'test',
    exportColumn: 'c',
    exportIdTemplate: '{id}',
  },
  ids: ['1', '2', '3', '4', '5'],
  parents: [-1, 0, 0, -1, 3],
  names: { en: ['Apparel', 'Sneakers', 'Watches', 'Home', 'Garden Hoses'] },
};
const taxonomy = parseTaxonomyFile(file);
const index = buildNodeIndex(taxonomy);
const mapping = [{ shopCategory: 'Footwear > Trainers', nodeId: '2' }];

describe('classifyIntoTaxonomy', () => {
  it('carries the model to standard nodes through the mapping', () => {
    const [ranked] = classifyIntoTaxonomy(taxonomy, index, {
      products: [{ title: 'Nike Air Max' }],
      modelPredictions: [[{ label: 'Footwear > Trainers', probability: 0.9 }]],
      mapping,
      priorWeight: 0.3,
      k: 2,
    });
    expect(ranked?.[0]).toMatchObject({ nodeId: '2', source: 'both' });
    expect(ranked?.[0]?.probability).toBeGreaterThan(0.63);
  });

  it('finds a node no category maps to from the names alone (cold start)', () => {
    const [ranked] = classifyIntoTaxonomy(taxonomy, index, {
      products: [{ title: 'Flexible garden hose, 15 m' }],
      modelPredictions: [[{ label: 'Footwear > Trainers', probability: 0.4 }]],
      mapping,
      priorWeight: 0.5,
      k: 3,
    });
    expect(ranked?.[0]).toMatchObject({ nodeId: '5', source: 'names' });
    const total = (ranked ?? []).reduce((sum, p) => sum + p.probability, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('uses the names alone when there is no model', () => {
    const [ranked] = classifyIntoTaxonomy(taxonomy, index, {
      products: [{ title: 'Analog watch' }],
      modelPredictions: null,
      mapping,
      priorWeight: 0,
      k: 1,
    });
    expect(ranked).toEqual([expect.objectContaining({ nodeId: '3', source: 'names' })]);
  });
});
