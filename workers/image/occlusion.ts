import type { Pixels } from './preprocess.ts';

/** Mid-grey: 0 after the backbone's scaling to [-1, 1], so a covered patch carries no signal. */
const GREY = 128;

/** A copy of the photo with one cell of a `grid` × `grid` division painted grey. */
export function occludeCell(pixels: Pixels, grid: number, row: number, column: number): Pixels {
  const { width, height } = pixels;
  const data = new Uint8ClampedArray(pixels.data);
  const x0 = Math.floor((column * width) / grid);
  const x1 = Math.floor(((column + 1) * width) / grid);
  const y0 = Math.floor((row * height) / grid);
  const y1 = Math.floor(((row + 1) * height) / grid);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const at = (y * width + x) * 4;
      data[at] = GREY;
      data[at + 1] = GREY;
      data[at + 2] = GREY;
    }
  }
  return { data, width, height };
}

/**
 * Occlusion map: how much the probability of one category falls when each cell of the photo
 * is covered, row-major [grid × grid]. A large drop marks a part of the photo the decision
 * rests on; a negative one, a part that argued against it.
 */
export async function occlusionMap(
  pixels: Pixels,
  grid: number,
  probabilityOf: (pixels: Pixels) => Promise<number>,
): Promise<{ base: number; drops: Float32Array }> {
  const base = await probabilityOf(pixels);
  const drops = new Float32Array(grid * grid);
  for (let row = 0; row < grid; row++) {
    for (let column = 0; column < grid; column++) {
      drops[row * grid + column] =
        base - (await probabilityOf(occludeCell(pixels, grid, row, column)));
    }
  }
  return { base, drops };
}
