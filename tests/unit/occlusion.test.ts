import { describe, expect, it } from 'vitest';
import { occlusionMap, occludeCell } from '../../workers/image/occlusion.ts';
import type { Pixels } from '../../workers/image/preprocess.ts';

/** A 4 × 4 white photo with one black pixel at (x 3, y 0): the top-right cell of a 2 × 2 grid. */
function photo(): Pixels {
  const data = new Uint8ClampedArray(4 * 4 * 4).fill(255);
  data.set([0, 0, 0, 255], (0 * 4 + 3) * 4);
  return { data, width: 4, height: 4 };
}

describe('occlusion', () => {
  it('paints exactly one cell grey and leaves the original untouched', () => {
    const original = photo();
    const covered = occludeCell(original, 2, 0, 1);
    const grey = (x: number, y: number) =>
      Array.from(covered.data.slice((y * 4 + x) * 4, (y * 4 + x) * 4 + 4));
    expect(grey(2, 0)).toEqual([128, 128, 128, 255]);
    expect(grey(3, 1)).toEqual([128, 128, 128, 255]);
    expect(grey(1, 0)).toEqual([255, 255, 255, 255]);
    expect(grey(2, 2)).toEqual([255, 255, 255, 255]);
    expect(original.data[(0 * 4 + 3) * 4]).toBe(0);
  });

  it('records how much covering each cell lowers the probability', async () => {
    // A stand-in for the model: its "probability" is the number of black pixels left.
    const probabilityOf = async (p: Pixels) => {
      let black = 0;
      for (let i = 0; i < p.data.length; i += 4) if (p.data[i] === 0) black++;
      return black;
    };
    const { base, drops } = await occlusionMap(photo(), 2, probabilityOf);
    expect(base).toBe(1);
    // Only covering the top-right cell hides the black pixel.
    expect(Array.from(drops)).toEqual([0, 1, 0, 0]);
  });
});
