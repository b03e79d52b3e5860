import { describe, expect, it } from 'vitest';
import { combineWithPrior, NamePrior } from '../../workers/taxonomy/name-prior.ts';

const labels = [
  'Footwear > Shoes > Sports Shoes',
  'Apparel > Topwear > Tshirts',
  'Accessories > Watches',
];

describe('NamePrior', () => {
  const prior = new NamePrior(labels);

  it('prefers the category whose name the product text shares', () => {
    const p = prior.probabilities(['Puma Men Black Running Sports Shoes', 'Titan Analog Watch']);
    expect(p[0]).toBeGreaterThan(Math.max(p[1] ?? 0, p[2] ?? 0));
    expect(p[5]).toBeGreaterThan(Math.max(p[3] ?? 0, p[4] ?? 0));
    expect((p[0] ?? 0) + (p[1] ?? 0) + (p[2] ?? 0)).toBeCloseTo(1, 5);
  });

  it('is uniform for text that shares nothing with any name', () => {
    const p = prior.probabilities(['zzzz qqqq']);
    for (const value of p) expect(value).toBeCloseTo(1 / 3, 5);
  });
});

describe('combineWithPrior', () => {
  it('mixes where the model knows the label and falls back to the prior elsewhere', () => {
    // One row; the model knows only the first two labels (the third has no examples).
    const prior = Float32Array.from([0.2, 0.2, 0.6]);
    const model = Float32Array.from([0.9, 0.1]);
    const mixed = combineWithPrior(
      labels,
      prior,
      [labels[1] as string, labels[0] as string],
      model,
      0.25,
    );
    // label 0: 0.25 * 0.2 + 0.75 * 0.1; label 1: 0.25 * 0.2 + 0.75 * 0.9; label 2: 0.25 * 0.6
    expect([...mixed].map((v) => Number(v.toFixed(6)))).toEqual([0.125, 0.725, 0.15]);
  });

  it('is the prior alone when there is no model', () => {
    const prior = Float32Array.from([0.5, 0.3, 0.2]);
    expect([...combineWithPrior(labels, prior, [], null, 0.5)]).toEqual([...prior]);
  });
});
