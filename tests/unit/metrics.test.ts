import { describe, it, expect } from 'vitest';
import { computeMetrics, type ClassMetrics } from '@shared/metrics.ts';

function byLabel(perClass: ClassMetrics[], label: string): ClassMetrics {
  const found = perClass.find((m) => m.label === label);
  if (!found) throw new Error(`no metrics for ${label}`);
  return found;
}

describe('computeMetrics', () => {
  it('matches a hand-computed three-class example', () => {
    //   row:        0  1  2  3  4  5
    //   truth:      a  a  b  b  c  c
    //   predicted:  a  b  b  b  c  a
    // a: TP 1 (row 0), predicted as a: rows 0, 5 -> 2, support 2
    //    P = 1/2, R = 1/2, F1 = 1/2
    // b: TP 2 (rows 2, 3), predicted as b: rows 1, 2, 3 -> 3, support 2
    //    P = 2/3, R = 1, F1 = 2 * (2/3) * 1 / (5/3) = 4/5
    // c: TP 1 (row 4), predicted as c: row 4 -> 1, support 2
    //    P = 1, R = 1/2, F1 = 2 * 1 * (1/2) / (3/2) = 2/3
    // macro F1 = (1/2 + 4/5 + 2/3) / 3 = (15 + 24 + 20) / 90 = 59/90 ≈ 0.6556
    // weighted F1 (supports all 2) = (2 * 1/2 + 2 * 4/5 + 2 * 2/3) / 6 = 59/90
    // accuracy = 4/6 = 2/3
    const m = computeMetrics([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], ['a', 'b', 'c']);
    expect(m.count).toBe(6);
    expect(m.accuracy).toBeCloseTo(2 / 3, 10);
    expect(m.macroF1).toBeCloseTo(59 / 90, 10);
    expect(m.weightedF1).toBeCloseTo(59 / 90, 10);
    expect(m.top3Accuracy).toBeNull();
    expect(m.perClass.map((c) => c.label)).toEqual(['a', 'b', 'c']);

    const a = byLabel(m.perClass, 'a');
    expect(a.precision).toBeCloseTo(0.5, 10);
    expect(a.recall).toBeCloseTo(0.5, 10);
    expect(a.f1).toBeCloseTo(0.5, 10);
    expect(a.support).toBe(2);

    const b = byLabel(m.perClass, 'b');
    expect(b.precision).toBeCloseTo(2 / 3, 10);
    expect(b.recall).toBeCloseTo(1, 10);
    expect(b.f1).toBeCloseTo(0.8, 10);
    expect(b.support).toBe(2);

    const c = byLabel(m.perClass, 'c');
    expect(c.precision).toBeCloseTo(1, 10);
    expect(c.recall).toBeCloseTo(0.5, 10);
    expect(c.f1).toBeCloseTo(2 / 3, 10);
    expect(c.support).toBe(2);
  });

  it('weights F1 by support when supports differ', () => {
    // truth x x x y, predicted x x y y
    // x: TP 2, predicted 2, support 3 -> P 1, R 2/3, F1 = 2 * (2/3) / (5/3) = 4/5
    // y: TP 1, predicted 2, support 1 -> P 1/2, R 1, F1 = 2 * (1/2) / (3/2) = 2/3
    // macro = (4/5 + 2/3) / 2 = 11/15 ≈ 0.7333
    // weighted = (3 * 4/5 + 1 * 2/3) / 4 = (12/5 + 2/3) / 4 = (46/15) / 4 = 23/30 ≈ 0.7667
    // accuracy = 3/4
    const m = computeMetrics([0, 0, 0, 1], [0, 0, 1, 1], ['x', 'y']);
    expect(m.accuracy).toBeCloseTo(0.75, 10);
    expect(m.macroF1).toBeCloseTo(11 / 15, 10);
    expect(m.weightedF1).toBeCloseTo(23 / 30, 10);
    expect(byLabel(m.perClass, 'x').f1).toBeCloseTo(0.8, 10);
    expect(byLabel(m.perClass, 'y').f1).toBeCloseTo(2 / 3, 10);
  });

  it('counts a class that occurs only in the predictions in macro F1 (as sklearn)', () => {
    // truth a a b b, predicted a c b b; labels a b c d (d never occurs)
    // a: TP 1, predicted 1, support 2 -> P 1, R 1/2, F1 2/3
    // b: TP 2, predicted 2, support 2 -> F1 1
    // c: TP 0, predicted 1, support 0 -> P 0, R 0, F1 0 (still counted)
    // d: neither in truth nor predictions -> left out
    // macro = (2/3 + 1 + 0) / 3 = 5/9 ≈ 0.5556 (it would be 5/6 if c were ignored)
    // weighted = (2 * 2/3 + 2 * 1 + 0 * 0) / 4 = 5/6
    const m = computeMetrics([0, 0, 1, 1], [0, 2, 1, 1], ['a', 'b', 'c', 'd']);
    expect(m.perClass.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    const c = byLabel(m.perClass, 'c');
    expect(c).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macroF1).toBeCloseTo(5 / 9, 10);
    expect(m.weightedF1).toBeCloseTo(5 / 6, 10);
    expect(m.accuracy).toBeCloseTo(0.75, 10);
  });

  it('gives F1 0 to a class in the truth that is never predicted', () => {
    // truth a b, predicted a a: a P 1/2 R 1 F1 2/3; b P 0 R 0 F1 0; macro 1/3
    const m = computeMetrics([0, 1], [0, 0], ['a', 'b']);
    expect(byLabel(m.perClass, 'b')).toEqual({
      label: 'b',
      precision: 0,
      recall: 0,
      f1: 0,
      support: 1,
    });
    expect(m.macroF1).toBeCloseTo(1 / 3, 10);
  });

  it('is perfect for a perfect prediction', () => {
    const m = computeMetrics(Int32Array.from([2, 0, 1, 2]), Int32Array.from([2, 0, 1, 2]), [
      'a',
      'b',
      'c',
    ]);
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    expect(m.weightedF1).toBe(1);
  });

  it('measures top-3 accuracy from three ids per row', () => {
    // row 0: truth 0 in [0, 1, 2] -> hit
    // row 1: truth 1 in [2, 0, 3] -> miss
    // row 2: truth 2 in [1, 3, 2] -> hit (third place)
    // row 3: truth 3 in [3, 0, 1] -> hit
    // top-3 = 3/4; top-1 (first of each triple) = 2/4
    const top3 = [0, 1, 2, 2, 0, 3, 1, 3, 2, 3, 0, 1];
    const m = computeMetrics([0, 1, 2, 3], [0, 2, 1, 3], ['a', 'b', 'c', 'd'], top3);
    expect(m.top3Accuracy).toBeCloseTo(0.75, 10);
    expect(m.accuracy).toBeCloseTo(0.5, 10);
  });

  it('throws when truth and predictions differ in length', () => {
    expect(() => computeMetrics([0, 1], [0], ['a', 'b'])).toThrow(RangeError);
  });

  it('returns zeros, not NaN, for no rows', () => {
    const m = computeMetrics([], [], ['a'], []);
    expect(m).toEqual({
      accuracy: 0,
      macroF1: 0,
      weightedF1: 0,
      top3Accuracy: 0,
      count: 0,
      perClass: [],
    });
  });
});
