import { describe, expect, it } from 'vitest';
import { hierarchicalMetrics } from '@shared/taxonomy/hierarchical-metrics.ts';

const p = (path: string) => (path ? path.split(' > ') : []);

describe('hierarchicalMetrics', () => {
  it('matches hand-computed per-level and hierarchical figures', () => {
    //  row  truth        predicted
    //  0    A > B > C    A > B > C   exact
    //  1    A > B > D    A > B > C   right down to level 2
    //  2    A > E        A > B       right at level 1
    //  3    F > G        A > B       wrong everywhere
    //  4    F > G > H    F > G       backed off to the right level-2 node
    const truth = ['A > B > C', 'A > B > D', 'A > E', 'F > G', 'F > G > H'].map(p);
    const predicted = ['A > B > C', 'A > B > C', 'A > B', 'A > B', 'F > G'].map(p);
    const m = hierarchicalMetrics(truth, predicted, [false, false, false, false, true]);

    // Level 1 (5 rows): truth A A A F F, predicted A A A A F -> 4/5.
    //   A: TP 3, predicted 4, support 3 -> P 3/4, R 1, F1 6/7
    //   F: TP 1, predicted 1, support 2 -> P 1, R 1/2, F1 2/3
    //   macro = (6/7 + 2/3) / 2 = 16/21
    expect(m.levels[0]).toMatchObject({ level: 1, count: 5 });
    expect(m.levels[0]?.accuracy).toBeCloseTo(4 / 5, 10);
    expect(m.levels[0]?.macroF1).toBeCloseTo(16 / 21, 10);
    // Level 2 (5 rows): truth AB AB AE FG FG, predicted AB AB AB AB FG -> 3/5.
    //   AB: TP 2, predicted 4, support 2 -> P 1/2, R 1, F1 2/3
    //   AE: TP 0, support 1 -> F1 0;  FG: TP 1, predicted 1, support 2 -> F1 2/3
    //   macro = (2/3 + 0 + 2/3) / 3 = 4/9
    expect(m.levels[1]?.accuracy).toBeCloseTo(3 / 5, 10);
    expect(m.levels[1]?.macroF1).toBeCloseTo(4 / 9, 10);
    // Level 3 (rows 0, 1, 4): truth ABC ABD FGH, predicted ABC ABC (none) -> 1/3.
    //   ABC: P 1/2, R 1, F1 2/3; ABD: 0; FGH: 0 (the abstention is not a class) -> 2/9
    expect(m.levels[2]).toMatchObject({ level: 3, count: 3 });
    expect(m.levels[2]?.accuracy).toBeCloseTo(1 / 3, 10);
    expect(m.levels[2]?.macroF1).toBeCloseTo(2 / 9, 10);
    // Whole path: only row 0 -> 1/5.
    expect(m.leafAccuracy).toBeCloseTo(1 / 5, 10);
    // Common prefixes 3 + 2 + 1 + 0 + 2 = 8; predicted nodes 3+3+2+2+2 = 12; true 3+3+2+2+3 = 13.
    expect(m.hierarchicalPrecision).toBeCloseTo(8 / 12, 10);
    expect(m.hierarchicalRecall).toBeCloseTo(8 / 13, 10);
    expect(m.hierarchicalF1).toBeCloseTo((2 * (8 / 12) * (8 / 13)) / (8 / 12 + 8 / 13), 10);
    expect(m.backedOffShare).toBeCloseTo(1 / 5, 10);
    expect(m.count).toBe(5);
  });

  it('counts an empty prediction as a miss at every level without hurting precision', () => {
    const m = hierarchicalMetrics([p('A > B'), p('A > C')], [p('A > B'), []]);
    expect(m.levels.map((l) => l.accuracy)).toEqual([0.5, 0.5]);
    expect(m.hierarchicalPrecision).toBe(1);
    expect(m.hierarchicalRecall).toBeCloseTo(2 / 4, 10);
    expect(m.backedOffShare).toBe(0.5);
  });

  it('is perfect when every path is right', () => {
    const paths = [p('A > B'), p('C')];
    const m = hierarchicalMetrics(paths, paths);
    expect(m.levels.map((l) => [l.accuracy, l.macroF1, l.count])).toEqual([
      [1, 1, 2],
      [1, 1, 1],
    ]);
    expect(m.hierarchicalF1).toBe(1);
  });

  it('rejects lists of different lengths', () => {
    expect(() => hierarchicalMetrics([p('A')], [])).toThrow(RangeError);
  });
});
