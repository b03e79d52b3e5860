import { describe, expect, it } from 'vitest';
import {
  detectSeparator,
  parseCategoryPath,
  parseCategoryPaths,
  shopPathLevels,
} from '@shared/taxonomy/category-path.ts';
import { lineage, treeFromPaths, treeFromRecords } from '@shared/taxonomy/category-tree.ts';

describe('shopPathLevels', () => {
  it('reads a path as shops export it, skipping the empty levels parseCategoryPath refuses', () => {
    expect(shopPathLevels('Clothing >\u00a0Women>Dresses')).toEqual([
      'Clothing',
      'Women',
      'Dresses',
    ]);
    expect(shopPathLevels('Clothing >  > Dresses >')).toEqual(['Clothing', 'Dresses']);
    expect(() => parseCategoryPath('Clothing >  > Dresses >')).toThrow(/empty level 2/);
    expect(shopPathLevels('  ')).toEqual([]);
  });
});

describe('parseCategoryPath', () => {
  it.each([
    ['Clothing > Women > Dresses', ' > '],
    ['Clothing>Women>Dresses', ' > '],
    ['Clothing >> Women >> Dresses', '>>'],
    ['Clothing/Women/Dresses', '/'],
    ['Clothing | Women | Dresses', '|'],
  ])('splits %s with %s', (path, separator) => {
    expect(parseCategoryPath(path, separator)).toEqual(['Clothing', 'Women', 'Dresses']);
  });

  it('collapses whitespace, including non-breaking and ideographic spaces', () => {
    expect(parseCategoryPath('  Home\u00a0 &  Garden >\tKitchen\u3000Tools ', ' > ')).toEqual([
      'Home & Garden',
      'Kitchen Tools',
    ]);
  });

  it('rejects empty levels with a message naming the path and the level', () => {
    expect(() => parseCategoryPath('Clothing >  > Dresses', ' > ')).toThrow(
      'The category path "Clothing >  > Dresses" has an empty level 2',
    );
    expect(() => parseCategoryPath('Clothing > ', ' > ')).toThrowError(
      expect.objectContaining({ name: 'InvalidInput' }),
    );
    expect(() => parseCategoryPath('   ', ' > ')).toThrow(/empty/);
  });

  it('reports every bad path by position instead of stopping at the first', () => {
    const { levels, problems } = parseCategoryPaths(['A > B', 'A >> ', '', 'C'], '>>');
    expect(levels[0]).toEqual(['A > B']);
    expect(problems.map((p) => [p.index, p.code])).toEqual([
      [1, 'EmptyLevel'],
      [2, 'EmptyPath'],
    ]);
    expect(problems[0]?.message).toMatch(/^Path 2: /);
  });
});

describe('detectSeparator', () => {
  it('finds the separator most paths use, preferring the padded spelling', () => {
    expect(detectSeparator(['A > B', 'A > C', 'D'])).toBe(' > ');
    expect(detectSeparator(['A >> B', 'A >> C'])).toBe('>>');
    expect(detectSeparator(['Men/Shoes', 'Women/Bags'])).toBe('/');
    expect(detectSeparator(['Men | Shoes'])).toBe('|');
    expect(detectSeparator(['Shoes', 'Bags'])).toBe(' > ');
  });
});

describe('treeFromPaths', () => {
  it('creates every prefix once and links parents', () => {
    const { tree, problems } = treeFromPaths(
      ['Clothing > Women > Dresses', 'Clothing > Women > Tops', 'Clothing > Men', 'Toys'],
      ' > ',
    );
    expect(problems).toEqual([]);
    expect(tree.nodes.map((n) => n.id)).toEqual([
      'Clothing',
      'Clothing > Women',
      'Clothing > Women > Dresses',
      'Clothing > Women > Tops',
      'Clothing > Men',
      'Toys',
    ]);
    expect(tree.roots).toEqual([0, 5]);
    expect(tree.nodes[1]?.children).toEqual([2, 3]);
    expect(lineage(tree, 3)).toEqual([0, 1, 3]);
    expect(tree.nodes[3]?.depth).toBe(3);
  });

  it('merges paths that differ only in whitespace and reports them as duplicates', () => {
    const { tree, problems } = treeFromPaths(['A > B', 'A  >B ', 'A > B'], ' > ');
    expect(tree.nodes).toHaveLength(2);
    expect(problems.map((p) => [p.code, p.isError])).toEqual([
      ['DuplicatePath', false],
      ['DuplicatePath', false],
    ]);
    expect(problems[0]?.message).toMatch(/Path 2 .* repeats path 1/);
  });

  it('keeps the same name under different parents apart', () => {
    const { tree } = treeFromPaths(
      ['Footwear > Flip Flops > Flip Flops', 'Men > Flip Flops'],
      ' > ',
    );
    expect(tree.nodes.filter((n) => n.name === 'Flip Flops')).toHaveLength(3);
  });

  it('leaves out a path with an empty level as an error', () => {
    const { tree, problems } = treeFromPaths(['A > B', 'A >  > C'], ' > ');
    expect(tree.nodes).toHaveLength(2);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'EmptyLevel', isError: true, subject: 'A >  > C' }),
    ]);
  });
});

describe('treeFromRecords', () => {
  it('builds paths from parent ids, in any record order', () => {
    const { tree, problems } = treeFromRecords([
      { id: '3', parentId: '2', name: 'Dresses' },
      { id: '1', parentId: null, name: 'Clothing' },
      { id: '2', parentId: '1', name: 'Women', path: ['Clothing', 'Women'] },
    ]);
    expect(problems).toEqual([]);
    expect(tree.nodes[tree.byId.get('3') as number]?.path).toEqual([
      'Clothing',
      'Women',
      'Dresses',
    ]);
  });

  it('reports cycles, missing parents, duplicate ids and inconsistent parents', () => {
    const { tree, problems } = treeFromRecords([
      { id: 'root', parentId: '', name: 'Root' },
      { id: 'a', parentId: 'b', name: 'A' },
      { id: 'b', parentId: 'a', name: 'B' },
      { id: 'below-cycle', parentId: 'a', name: 'C' },
      { id: 'orphan', parentId: 'nowhere', name: 'Orphan' },
      { id: 'root', parentId: null, name: 'Root again' },
      { id: 'liar', parentId: 'root', name: 'Liar', path: ['Elsewhere', 'Liar'] },
    ]);
    expect(tree.nodes.map((n) => n.id)).toEqual(['root']);
    const codes = problems.map((p) => `${p.code}:${p.subject}`).sort();
    expect(codes).toEqual([
      'Cycle:a',
      'DuplicateId:root',
      'InconsistentParent:liar',
      'MissingParent:orphan',
    ]);
    expect(problems.every((p) => p.isError)).toBe(true);
    expect(problems.find((p) => p.code === 'InconsistentParent')?.message).toMatch(
      /states the path "Elsewhere > Liar" but its parent root gives "Root > Liar"/,
    );
  });
});
