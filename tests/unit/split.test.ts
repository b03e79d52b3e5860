import { describe, it, expect } from 'vitest';
import { stratifiedSplit, type SplitIndices } from '@shared/split.ts';

const FRACTIONS = { validation: 0.1, test: 0.2 };

/** labels[i] = class of row i; classes of the given sizes, interleaved so rows of a class are spread out. */
function makeLabels(sizes: number[]): number[] {
  const labels: number[] = [];
  const left = [...sizes];
  while (left.some((n) => n > 0)) {
    left.forEach((n, c) => {
      if (n > 0) {
        labels.push(c);
        left[c] = n - 1;
      }
    });
  }
  return labels;
}

function partOf(split: SplitIndices, labels: readonly number[], c: number) {
  const ofClass = (rows: number[]) => rows.filter((i) => labels[i] === c).length;
  return {
    train: ofClass(split.train),
    validation: ofClass(split.validation),
    test: ofClass(split.test),
  };
}

function expectPartition(split: SplitIndices, n: number) {
  const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe('stratifiedSplit', () => {
  const labels = makeLabels([40, 25, 10, 3, 2, 1]);

  it('is reproducible for the same seed', () => {
    expect(stratifiedSplit(labels, FRACTIONS, 7)).toEqual(stratifiedSplit(labels, FRACTIONS, 7));
  });

  it('differs for a different seed', () => {
    const a = stratifiedSplit(labels, FRACTIONS, 7);
    const b = stratifiedSplit(labels, FRACTIONS, 8);
    expect(a.test).not.toEqual(b.test);
    // sizes do not depend on the seed
    expect(a.train.length).toBe(b.train.length);
    expect(a.validation.length).toBe(b.validation.length);
    expect(a.test.length).toBe(b.test.length);
  });

  it('puts every index in exactly one part, each part sorted', () => {
    for (const seed of [0, 1, 42, 2 ** 31]) {
      const split = stratifiedSplit(labels, FRACTIONS, seed);
      expectPartition(split, labels.length);
      for (const part of [split.train, split.validation, split.test]) {
        expect(part).toEqual([...part].sort((a, b) => a - b));
      }
    }
  });

  it('keeps at least one training row for every class, even with large fractions', () => {
    for (const fractions of [
      FRACTIONS,
      { validation: 0.5, test: 0.5 },
      { validation: 0, test: 0.9 },
    ]) {
      const split = stratifiedSplit(labels, fractions, 3);
      expectPartition(split, labels.length);
      for (let c = 0; c < 6; c++) expect(partOf(split, labels, c).train).toBeGreaterThanOrEqual(1);
    }
  });

  it('a class of one row goes to training only', () => {
    const split = stratifiedSplit([5], FRACTIONS, 1);
    expect(split).toEqual({ train: [0], validation: [], test: [] });
  });

  it('a class of two rows gives one to test and one to training', () => {
    const small = [9, 9];
    for (const seed of [1, 2, 3, 4]) {
      const split = stratifiedSplit(small, FRACTIONS, seed);
      expect(split.train).toHaveLength(1);
      expect(split.test).toHaveLength(1);
      expect(split.validation).toEqual([]);
      expectPartition(split, 2);
    }
    // same in a mixed data set
    expect(partOf(stratifiedSplit(labels, FRACTIONS, 1), labels, 4)).toEqual({
      train: 1,
      validation: 0,
      test: 1,
    });
  });

  it('a class of three rows gives one row to each part', () => {
    for (const fractions of [FRACTIONS, { validation: 0.5, test: 0.5 }]) {
      const split = stratifiedSplit([2, 2, 2], fractions, 11);
      expect(split.train).toHaveLength(1);
      expect(split.validation).toHaveLength(1);
      expect(split.test).toHaveLength(1);
    }
    expect(partOf(stratifiedSplit(labels, FRACTIONS, 1), labels, 3)).toEqual({
      train: 1,
      validation: 1,
      test: 1,
    });
  });

  it('zero fractions keep everything in training', () => {
    const split = stratifiedSplit(labels, { validation: 0, test: 0 }, 5);
    expect(split.validation).toEqual([]);
    expect(split.test).toEqual([]);
    expect(split.train).toHaveLength(labels.length);
  });

  it('matches the fractions per class for large classes', () => {
    const big = makeLabels([1000, 500, 30]);
    const split = stratifiedSplit(big, FRACTIONS, 99);
    // round(1000 * 0.2) = 200 test, round(1000 * 0.1) = 100 validation, 700 train
    expect(partOf(split, big, 0)).toEqual({ train: 700, validation: 100, test: 200 });
    // 500: 100 test, 50 validation, 350 train
    expect(partOf(split, big, 1)).toEqual({ train: 350, validation: 50, test: 100 });
    // 30: 6 test, 3 validation, 21 train
    expect(partOf(split, big, 2)).toEqual({ train: 21, validation: 3, test: 6 });
  });

  it('draws the held-out rows of a class at random, not from its start', () => {
    const big = makeLabels([1000]);
    const split = stratifiedSplit(big, FRACTIONS, 123);
    // a shuffled 20% test share of 0..999 has mean near 500, not near 100
    const mean = split.test.reduce((s, i) => s + i, 0) / split.test.length;
    expect(mean).toBeGreaterThan(400);
    expect(mean).toBeLessThan(600);
  });

  it('handles an empty label list', () => {
    expect(stratifiedSplit([], FRACTIONS, 1)).toEqual({ train: [], validation: [], test: [] });
  });
});
