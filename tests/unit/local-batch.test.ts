import { describe, it, expect } from 'vitest';
import { gatherRows, localBatch, scatterRows } from '../../workers/model/local-batch.ts';
import type { SparseRow } from '../../workers/text/feature-space.ts';

function sparse(indices: number[], values: number[]): SparseRow {
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

const BIAS = 100;
// row 0 uses table rows 5, 3 and 5 again; row 1 uses 7 and 3.
const ROWS = [sparse([5, 3, 5], [1, 2, 0.5]), sparse([7, 3], [4, 0.25])];

describe('localBatch', () => {
  it('builds columns in first-seen order with the bias column last', () => {
    const batch = localBatch(ROWS, BIAS);
    // 5 -> column 0, 3 -> column 1, 7 -> column 2, bias -> column 3
    expect(Array.from(batch.tableRows)).toEqual([5, 3, 7, BIAS]);
    expect(batch.tableRows).toBeInstanceOf(Int32Array);
    expect(batch.size).toBe(2);
  });

  it('sums duplicate indices within a row and sets the bias column to 1', () => {
    const batch = localBatch(ROWS, BIAS);
    // row 0: column 5 gets 1 + 0.5, column 3 gets 2, column 7 nothing, bias 1
    // row 1: column 3 gets 0.25, column 7 gets 4, bias 1
    expect(Array.from(batch.features)).toEqual([1.5, 2, 0, 1, 0, 0.25, 4, 1]);
    expect(batch.features).toHaveLength(batch.size * batch.tableRows.length);
  });

  it('gives the same logits as the full sparse product', () => {
    // table of 101 rows x 2 outputs: row r holds [r, -2r], bias row holds [10, 20]
    const outputs = 2;
    const table = new Float32Array((BIAS + 1) * outputs);
    for (let r = 0; r < BIAS; r++) {
      table[r * outputs] = r;
      table[r * outputs + 1] = -2 * r;
    }
    table[BIAS * outputs] = 10;
    table[BIAS * outputs + 1] = 20;

    const batch = localBatch(ROWS, BIAS);
    const local = gatherRows(table, outputs, batch.tableRows);
    const width = batch.tableRows.length;
    for (let i = 0; i < ROWS.length; i++) {
      const row = ROWS[i] as SparseRow;
      for (let o = 0; o < outputs; o++) {
        let sparseLogit = table[BIAS * outputs + o] ?? 0;
        row.indices.forEach((index, k) => {
          sparseLogit += (row.values[k] ?? 0) * (table[index * outputs + o] ?? 0);
        });
        let denseLogit = 0;
        for (let c = 0; c < width; c++) {
          denseLogit += (batch.features[i * width + c] ?? 0) * (local[c * outputs + o] ?? 0);
        }
        expect(denseLogit).toBeCloseTo(sparseLogit, 5);
      }
    }
    // by hand, output 0: row 0 = 1.5*5 + 2*3 + 10 = 23.5; row 1 = 0.25*3 + 4*7 + 10 = 38.75
    expect(
      Array.from({ length: 4 }, (_, c) => (batch.features[c] ?? 0) * (local[c * outputs] ?? 0)),
    ).toEqual([7.5, 6, 0, 10]);
  });

  it('handles rows without features and an empty batch', () => {
    const batch = localBatch([sparse([], []), sparse([2], [3])], BIAS);
    expect(Array.from(batch.tableRows)).toEqual([2, BIAS]);
    expect(Array.from(batch.features)).toEqual([0, 1, 3, 1]);

    const empty = localBatch([], BIAS);
    expect(Array.from(empty.tableRows)).toEqual([BIAS]);
    expect(empty.size).toBe(0);
    expect(empty.features).toHaveLength(0);
  });
});

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
