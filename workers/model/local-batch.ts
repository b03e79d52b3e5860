import type { SparseRow } from '../text/feature-space.ts';

/**
 * A batch of sparse rows made dense over only the table rows it touches. Multiplying it by
 * those rows of the weight table gives the same logits as the full sparse product, and
 * matMul is fast and differentiable on every TF.js backend (unlike the gradient of
 * `gather`, which needs UnsortedSegmentSum, a kernel wasm does not have).
 */
export interface LocalBatch {
  /** Global table rows used by the batch, in first-seen order; the last one is the bias row. */
  tableRows: Int32Array;
  /** Row-major [size, tableRows.length] feature values. */
  features: Float32Array;
  /**
   * The same values as [tableRows.length, size], for the weight gradient: TF.js's matMul
   * with transposeA is about five times slower on wasm than on a pre-transposed operand.
   */
  transposed: Float32Array | null;
  size: number;
}

export function localBatch(
  rows: readonly SparseRow[],
  biasRow: number,
  withTransposed = false,
): LocalBatch {
  const column = new Map<number, number>();
  for (const row of rows) {
    for (const index of row.indices) if (!column.has(index)) column.set(index, column.size);
  }
  column.set(biasRow, column.size);
  const width = column.size;
  const features = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    const base = r * width;
    row.indices.forEach((index, k) => {
      const cell = base + (column.get(index) as number);
      features[cell] = (features[cell] ?? 0) + (row.values[k] ?? 0);
    });
    features[base + width - 1] = 1;
  });
  const size = rows.length;
  let transposed: Float32Array | null = null;
  if (withTransposed) {
    transposed = new Float32Array(features.length);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < width; c++) {
        const value = features[r * width + c] ?? 0;
        if (value !== 0) transposed[c * size + r] = value;
      }
    }
  }
  return { tableRows: Int32Array.from(column.keys()), features, transposed, size };
}

/** Copies the given rows of a row-major table into one contiguous block. */
export function gatherRows(table: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(table.subarray(row * width, (row + 1) * width), i * width));
  return out;
}

/** The inverse of `gatherRows`: writes a block back into the table's rows. */
export function scatterRows(
  table: Float32Array,
  width: number,
  rows: Int32Array,
  block: Float32Array,
): void {
  rows.forEach((row, i) => table.set(block.subarray(i * width, (i + 1) * width), row * width));
}
