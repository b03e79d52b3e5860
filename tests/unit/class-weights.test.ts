import { describe, expect, it } from 'vitest';
import { classWeightsFor } from '../../workers/model/class-weights.ts';
import { LazyAverage } from '../../workers/model/running-average.ts';

// Class 0 has three rows, class 1 one row, class 2 none.
const classes = [0, 0, 0, 1];

function meanOverRows(weights: Float32Array): number {
  return classes.reduce((sum, c) => sum + (weights[c] as number), 0) / classes.length;
}

describe('classWeightsFor', () => {
  it('gives no weights for none', () => {
    expect(classWeightsFor('none', classes, 3)).toBeNull();
  });

  it('balanced is inverse frequency, averaging one over rows', () => {
    const weights = classWeightsFor('balanced', classes, 3)!;
    // n / (present classes * count): 4 / (2 * 3) and 4 / (2 * 1)
    expect(weights[0]).toBeCloseTo(2 / 3);
    expect(weights[1]).toBeCloseTo(2);
    expect(weights[2]).toBe(0);
  });

  it('sqrt is milder than balanced and effective sits near balanced for small classes', () => {
    const balanced = classWeightsFor('balanced', classes, 3)!;
    const sqrt = classWeightsFor('sqrt', classes, 3)!;
    const effective = classWeightsFor('effective', classes, 3)!;
    for (const weights of [balanced, sqrt, effective]) expect(meanOverRows(weights)).toBeCloseTo(1);
    const ratio = (w: Float32Array) => (w[1] as number) / (w[0] as number);
    expect(ratio(balanced)).toBeCloseTo(3);
    expect(ratio(sqrt)).toBeCloseTo(Math.sqrt(3));
    // (1 - 0.999^3) / (1 - 0.999): just under 3 effective samples.
    expect(ratio(effective)).toBeCloseTo((1 - 0.999 ** 3) / (1 - 0.999), 5);
    expect(ratio(effective)).toBeLessThan(3);
  });
});

describe('LazyAverage', () => {
  it('is the mean of the snapshots, crediting a row only when it is about to change', () => {
    // Two rows of two values; snapshots after each change, as training takes them.
    const weights = Float32Array.of(1, 10, 0, 0);
    const average = new LazyAverage(weights, 2);
    average.snapshot(); // [1, 10, 0, 0]
    average.beforeRowUpdate(0);
    weights.set([2, 20], 0);
    average.snapshot(); // [2, 20, 0, 0]
    average.beforeRowUpdate(1);
    weights.set([4, 4], 2);
    average.snapshot(); // [2, 20, 4, 4]
    expect(average.snapshots).toBe(3);
    expect(Array.from(average.meanInto())).toEqual([5 / 3, 50 / 3, 4 / 3, 4 / 3].map(Math.fround));
  });

  it('is the table itself before the first snapshot, and refuses a ragged table', () => {
    const weights = Float32Array.of(1, 2, 3, 4);
    expect(Array.from(new LazyAverage(weights, 2).meanInto())).toEqual([1, 2, 3, 4]);
    expect(() => new LazyAverage(new Float32Array(3), 2)).toThrow(RangeError);
  });
});
