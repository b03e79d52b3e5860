import { describe, expect, it } from 'vitest';
import {
  buildLabelHierarchy,
  nodeProbabilities,
  predictTopDown,
  predictWithBackOff,
} from '@shared/taxonomy/label-hierarchy.ts';

const labels = [
  'Clothing > Women > Dresses',
  'Clothing > Women > Tops',
  'Clothing > Men > Shirts',
  'Toys',
];

describe('label hierarchy', () => {
  const hierarchy = buildLabelHierarchy(labels);

  it('detects the separator and places every label', () => {
    expect(hierarchy.separator).toBe(' > ');
    expect([...hierarchy.labelNode].every((n) => n >= 0)).toBe(true);
    expect(hierarchy.tree.nodes).toHaveLength(7);
  });

  it('sums label probabilities up the tree, so parents cover their children', () => {
    const summed = nodeProbabilities(hierarchy, [0.3, 0.25, 0.15, 0.3]);
    const at = (path: string) => summed[hierarchy.tree.byPath.get(path) as number];
    expect(at('Clothing')).toBeCloseTo(0.7, 10);
    expect(at('Clothing > Women')).toBeCloseTo(0.55, 10);
    expect(at('Clothing > Men')).toBeCloseTo(0.15, 10);
    expect(at('Toys')).toBeCloseTo(0.3, 10);
  });

  it('keeps a confident leaf', () => {
    const prediction = predictWithBackOff(hierarchy, [0.8, 0.1, 0.05, 0.05], 0.5);
    expect(prediction).toMatchObject({
      path: ['Clothing', 'Women', 'Dresses'],
      backedOff: false,
    });
    expect(prediction.probability).toBeCloseTo(0.8, 6);
  });

  it('backs off to the deepest ancestor that reaches the threshold', () => {
    const women = predictWithBackOff(hierarchy, [0.3, 0.25, 0.15, 0.3], 0.5);
    expect(women).toMatchObject({ path: ['Clothing', 'Women'], backedOff: true });
    expect(women.probability).toBeCloseTo(0.55, 10);
    const clothing = predictWithBackOff(hierarchy, [0.3, 0.25, 0.15, 0.3], 0.6);
    expect(clothing.path).toEqual(['Clothing']);
    const nothing = predictWithBackOff(hierarchy, [0.3, 0.25, 0.15, 0.3], 0.75);
    expect(nothing).toMatchObject({ node: -1, path: [], backedOff: true });
  });

  it('decodes top-down along the heaviest branch, which can differ from the flat argmax', () => {
    // Flat argmax is Toys (0.34); the Clothing branch holds 0.66 and Women inside it 0.4.
    const probabilities = [0.2, 0.2, 0.26, 0.34];
    const node = predictTopDown(hierarchy, probabilities);
    expect(hierarchy.tree.nodes[node]?.id).toMatch(/^Clothing > Women > (Dresses|Tops)$/);
  });

  it('stops at an inner node that is itself a label when it outweighs its children', () => {
    const h = buildLabelHierarchy(['A', 'A > B', 'A > C']);
    const node = predictTopDown(h, [0.5, 0.3, 0.2]);
    expect(h.tree.nodes[node]?.id).toBe('A');
  });
});

describe('configurable separator', () => {
  it('splits at the separator it is given instead of the one it would detect', () => {
    const labels = ['Men/Shoes > Sneakers', 'Men/Shoes > Boots', 'Women/Bags > Totes'];
    expect(buildLabelHierarchy(labels).separator).toBe(' > ');
    const bySlash = buildLabelHierarchy(labels, '/');
    expect(bySlash.tree.roots.map((r) => bySlash.tree.nodes[r]?.name)).toEqual(['Men', 'Women']);
    expect(bySlash.tree.nodes[bySlash.labelNode[0] ?? -1]?.path).toEqual([
      'Men',
      'Shoes > Sneakers',
    ]);
  });
});
