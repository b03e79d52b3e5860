import { describe, it, expect } from 'vitest';
import { gatherRows, scatterRows } from '../../workers/model/local-batch.ts';

describe('gatherRows / scatterRows', () => {
  const width = 3;
  // 5 rows x 3: row r = [10r, 10r + 1, 10r + 2]
  const table = Float32Array.from(
    { length: 5 * width },
    (_, i) => 10 * Math.floor(i / width) + (i % width),
  );

  it('gathers the given rows in the given order', () => {
    const block = gatherRows(table, width, Int32Array.from([4, 0, 2]));
    expect(Array.from(block)).toEqual([40, 41, 42, 0, 1, 2, 20, 21, 22]);
  });

  it('copies whole rows the same way for wide tables (one copy per row)', () => {
    const wide = 40;
    const big = Float32Array.from({ length: 6 * wide }, (_, i) => i);
    const block = gatherRows(big, wide, Int32Array.from([5, 1]));
    expect(Array.from(block)).toEqual([
      ...Array.from(big.subarray(5 * wide, 6 * wide)),
      ...Array.from(big.subarray(wide, 2 * wide)),
    ]);
  });

  it('scatter is the inverse of gather', () => {
    const rows = Int32Array.from([4, 0, 2]);
    const block = gatherRows(table, width, rows);

    const rebuilt = new Float32Array(table.length);
    scatterRows(rebuilt, width, rows, block);
    // rows 4, 0, 2 restored; rows 1 and 3 untouched (still 0)
    expect(Array.from(rebuilt)).toEqual([0, 1, 2, 0, 0, 0, 20, 21, 22, 0, 0, 0, 40, 41, 42]);

    const copy = table.slice();
    scatterRows(copy, width, rows, gatherRows(copy, width, rows));
    expect(copy).toEqual(table);
  });

  it('scatter writes an updated block back into only its rows', () => {
    const rows = Int32Array.from([3, 1]);
    const copy = table.slice();
    const block = gatherRows(copy, width, rows).map((v) => v + 0.5);
    scatterRows(copy, width, rows, block);
    expect(Array.from(copy.subarray(3 * width, 4 * width))).toEqual([30.5, 31.5, 32.5]);
    expect(Array.from(copy.subarray(1 * width, 2 * width))).toEqual([10.5, 11.5, 12.5]);
    expect(Array.from(copy.subarray(0, width))).toEqual([0, 1, 2]);
    expect(Array.from(copy.subarray(4 * width))).toEqual([40, 41, 42]);
    expect(gatherRows(copy, width, rows)).toEqual(block);
  });
});
