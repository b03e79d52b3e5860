import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPERATURE, fitTemperature } from '../../workers/model/calibrate.ts';

describe('fitTemperature', () => {
  it('sharpens confident, correct hinge-style scores', () => {
    // Scores near ±1, always right: the likelihood keeps rising as the temperature falls.
    const logits = new Float32Array([1, -1, -1, -1, 1, -1, -1, -1, 1]);
    expect(fitTemperature(logits, 3, [0, 1, 2])).toBeLessThanOrEqual(0.05);
  });

  it('softens scores that are often wrong', () => {
    // Right twice, confidently wrong twice: a flat distribution is the honest answer.
    const logits = new Float32Array([1, -1, 1, -1, -1, 1, -1, 1]);
    expect(fitTemperature(logits, 2, [0, 0, 0, 0])).toBeGreaterThanOrEqual(1);
  });

  it('falls back to the default without rows to calibrate on', () => {
    expect(fitTemperature(new Float32Array(), 3, [])).toBe(DEFAULT_TEMPERATURE);
  });
});
