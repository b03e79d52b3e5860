import { describe, expect, it } from 'vitest';
import { createRandom } from '@shared/random.ts';
import {
  correctness,
  predictedClasses,
  rankLogits,
  topConfidences,
  type RankedPredictions,
} from '@shared/evaluation/held-out-predictions.ts';
import { topKAccuracy } from '@shared/evaluation/top-k.ts';
import { confusedPairs } from '@shared/evaluation/confused-pairs.ts';
import {
  confidenceBins,
  equalCountBins,
  expectedCalibrationError,
} from '@shared/evaluation/reliability.ts';
import { coverageAt, coverageCurve } from '@shared/evaluation/coverage.ts';

/**
 * Six held-out rows over three classes, two classes kept per row:
 *   row 0: truth 0, ranked [0, 1] right
 *   row 1: truth 1, ranked [2, 1] wrong, truth second
 *   row 2: truth 2, ranked [2, 0] right
 *   row 3: truth 1, ranked [0, 1] wrong, truth second
 *   row 4: truth 0, ranked [1, 0] wrong, truth second
 *   row 5: truth 1, ranked [2, 0] wrong, truth not kept
 */
const predictions: RankedPredictions = {
  k: 2,
  truth: Int32Array.from([0, 1, 2, 1, 0, 1]),
  topClasses: Int32Array.from([0, 1, 2, 1, 2, 0, 0, 1, 1, 0, 2, 0]),
};
const confidences = [0.95, 0.85, 0.55, 0.65, 0.35, 0.91];

describe('rankLogits', () => {
  it('keeps the k best classes with their softmax at temperature 1 and at the fitted one', () => {
    const ranked = rankLogits(Float32Array.from([1, 3, 2, 2, 2, 0]), 3, 2, 0.5);
    // Row 0 by hand: softmax of [1, 3, 2] is e^0, e^-1, e^-2 over 1.503215;
    // halving the temperature doubles the gaps: 1, e^-2, e^-4 over 1.153651.
    expect(Array.from(ranked.topClasses)).toEqual([1, 2, 0, 1]);
    expect(ranked.rawProbabilities[0]).toBeCloseTo(0.665241, 5);
    expect(ranked.rawProbabilities[1]).toBeCloseTo(0.244728, 5);
    expect(ranked.calibratedProbabilities[0]).toBeCloseTo(0.866813, 5);
    expect(ranked.calibratedProbabilities[1]).toBeCloseTo(0.11731, 5);
    // A tie keeps the lower class id first, as argmax does.
    expect(ranked.rawProbabilities[2]).toBeCloseTo(ranked.rawProbabilities[3] ?? 0, 6);
  });

  it('agrees with a full sort on random scores with ties', () => {
    const random = createRandom(7);
    const classCount = 30;
    // Scores on a coarse grid, so that ties are common.
    const logits = Float32Array.from({ length: 200 * classCount }, () => Math.round(random() * 8));
    const ranked = rankLogits(logits, classCount, 5, 1);
    for (let r = 0; r < 200; r++) {
      const row = Array.from(logits.subarray(r * classCount, (r + 1) * classCount));
      const expected = row
        .map((score, c) => ({ score, c }))
        .sort((a, b) => b.score - a.score || a.c - b.c)
        .slice(0, 5)
        .map(({ c }) => c);
      expect(Array.from(ranked.topClasses.subarray(r * 5, (r + 1) * 5))).toEqual(expected);
    }
  });

  it('keeps every class when there are fewer than k, and rejects a ragged matrix', () => {
    expect(rankLogits(Float32Array.from([0, 1]), 2, 5, 1).topClasses).toEqual(
      Int32Array.from([1, 0]),
    );
    expect(() => rankLogits(Float32Array.from([0, 1, 2]), 2, 1, 1)).toThrow(RangeError);
    expect(() => rankLogits(Float32Array.from([0, 1]), 2, 1, 0)).toThrow(RangeError);
  });
});

describe('held-out columns', () => {
  it('reads the predicted class, its confidence and whether it was right', () => {
    expect(Array.from(predictedClasses(predictions))).toEqual([0, 2, 2, 0, 1, 2]);
    expect(Array.from(correctness(predictions))).toEqual([1, 0, 1, 0, 0, 0]);
    expect(Array.from(topConfidences(Float32Array.from([0.5, 0.25, 0.75, 0.125]), 2))).toEqual([
      0.5, 0.75,
    ]);
  });
});

describe('topKAccuracy', () => {
  it('counts the rows whose truth is among the k best', () => {
    expect(topKAccuracy(predictions, 1)).toBeCloseTo(2 / 6, 10);
    expect(topKAccuracy(predictions, 2)).toBeCloseTo(5 / 6, 10);
  });

  it('refuses a k beyond what was stored', () => {
    expect(() => topKAccuracy(predictions, 3)).toThrow(RangeError);
    expect(() => topKAccuracy(predictions, 0)).toThrow(RangeError);
  });

  it('is 0 without rows', () => {
    expect(topKAccuracy({ k: 1, truth: new Int32Array(), topClasses: new Int32Array() }, 1)).toBe(
      0,
    );
  });
});

describe('confusedPairs', () => {
  it('lists the mistakes by pair, most frequent first, with their rows', () => {
    expect(confusedPairs(predictions)).toEqual([
      { trueClass: 1, predictedClass: 2, count: 2, rows: [1, 5] },
      { trueClass: 0, predictedClass: 1, count: 1, rows: [4] },
      { trueClass: 1, predictedClass: 0, count: 1, rows: [3] },
    ]);
  });

  it('is empty when nothing is wrong', () => {
    expect(
      confusedPairs({ k: 1, truth: Int32Array.from([0, 1]), topClasses: Int32Array.from([0, 1]) }),
    ).toEqual([]);
  });
});

describe('confidenceBins and expectedCalibrationError', () => {
  const correct = correctness(predictions);

  it('groups rows by confidence with their accuracy', () => {
    const bins = confidenceBins(confidences, correct, 2);
    expect(bins).toHaveLength(2);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.5, count: 1, correct: 0, accuracy: 0 });
    expect(bins[0]?.meanConfidence).toBeCloseTo(0.35, 10);
    expect(bins[1]).toMatchObject({ lower: 0.5, upper: 1, count: 5, correct: 2, accuracy: 0.4 });
    // (0.95 + 0.85 + 0.55 + 0.65 + 0.91) / 5
    expect(bins[1]?.meanConfidence).toBeCloseTo(0.782, 10);
    // 1/6 · |0 − 0.35| + 5/6 · |0.4 − 0.782|
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.376667, 5);
  });

  it('puts a confidence of exactly 1 in the last bin and marks empty bins', () => {
    const bins = confidenceBins([1, 0.5, 0], [1, 1, 0], 4);
    expect(bins.map((bin) => bin.count)).toEqual([1, 0, 1, 1]);
    expect(bins[1]?.accuracy).toBeNaN();
    // Bins at 0 (accuracy 0), 0.5 (accuracy 1, confidence 0.5) and 1 (both 1): 1/3 · 0.5.
    expect(expectedCalibrationError(bins)).toBeCloseTo(1 / 6, 10);
  });

  it('gives no error for perfectly calibrated bins or no rows, and rejects bad input', () => {
    expect(expectedCalibrationError(confidenceBins([1, 1, 0, 0], [1, 1, 0, 0], 5))).toBe(0);
    expect(expectedCalibrationError(confidenceBins([], [], 10))).toBe(0);
    expect(() => confidenceBins([0.5], [], 10)).toThrow(RangeError);
    expect(() => confidenceBins([0.5], [1], 0)).toThrow(RangeError);
  });
});

describe('equalCountBins', () => {
  it('cuts the rows, sorted by confidence, into groups of equal size', () => {
    // Sorted: 0.35 ✗, 0.55 ✓ | 0.65 ✗, 0.85 ✗ | 0.91 ✗, 0.95 ✓
    const bins = equalCountBins(confidences, correctness(predictions), 3);
    expect(bins.map(({ lower, upper, count, correct }) => [lower, upper, count, correct])).toEqual([
      [0.35, 0.55, 2, 1],
      [0.65, 0.85, 2, 0],
      [0.91, 0.95, 2, 1],
    ]);
    expect(bins.map((bin) => bin.accuracy)).toEqual([0.5, 0, 0.5]);
    expect(bins[0]?.meanConfidence).toBeCloseTo(0.45, 10);
    expect(bins[1]?.meanConfidence).toBeCloseTo(0.75, 10);
    expect(bins[2]?.meanConfidence).toBeCloseTo(0.93, 10);
  });

  it('gives uneven row counts to uneven groups and skips empty ones', () => {
    expect(
      equalCountBins([0.1, 0.2, 0.3, 0.4, 0.5], [1, 1, 1, 1, 1], 2).map((b) => b.count),
    ).toEqual([2, 3]);
    expect(equalCountBins([0.4, 0.6], [1, 0], 5).map((b) => b.count)).toEqual([1, 1]);
    expect(equalCountBins([], [], 5)).toEqual([]);
  });
});

describe('coverageAt and coverageCurve', () => {
  const correct = correctness(predictions);

  it('labels the rows at or above the threshold and measures them', () => {
    expect(coverageAt(confidences, correct, 0.8)).toEqual({
      threshold: 0.8,
      covered: 3,
      coverage: 0.5,
      accuracy: 1 / 3,
    });
    // At the threshold counts as covered.
    expect(coverageAt(confidences, correct, 0.85).covered).toBe(3);
    expect(coverageAt(confidences, correct, 0)).toMatchObject({ covered: 6, coverage: 1 });
    expect(coverageAt(confidences, correct, 0).accuracy).toBeCloseTo(2 / 6, 10);
    const none = coverageAt(confidences, correct, 0.96);
    expect(none.coverage).toBe(0);
    expect(none.accuracy).toBeNaN();
  });

  it('traces coverage falling as the threshold rises', () => {
    const curve = coverageCurve(confidences, correct, 4);
    expect(curve.map((point) => point.threshold)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(curve.map((point) => point.covered)).toEqual([6, 6, 5, 3, 0]);
    expect(curve[3]?.accuracy).toBeCloseTo(1 / 3, 10);
    expect(() => coverageCurve(confidences, correct, 0)).toThrow(RangeError);
  });
});
