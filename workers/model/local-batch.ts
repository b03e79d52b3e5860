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
  size: number;
}

export function localBatch(rows: readonly SparseRow[], biasRow: number): LocalBatch {
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
  return { tableRows: Int32Array.from(column.keys()), features, size: rows.length };
}

/** Copies the given rows of a row-major table into one contiguous block. */
export function gatherRows(table: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  // Plain loops: a subarray per row costs more than copying a hundred floats.
  for (let i = 0; i < rows.length; i++) {
    const from = (rows[i] as number) * width;
    const to = i * width;
    for (let c = 0; c < width; c++) out[to + c] = table[from + c] as number;
  }
  return out;
}

/** The inverse of `gatherRows`: writes a block back into the table's rows. */
export function scatterRows(
  table: Float32Array,
  width: number,
  rows: Int32Array,
  block: Float32Array,
): void {
  for (let i = 0; i < rows.length; i++) {
    const to = (rows[i] as number) * width;
    const from = i * width;
    for (let c = 0; c < width; c++) table[to + c] = block[from + c] as number;
  }
}
