/**
 * Moving a batch's rows of the weight table between the table (in worker memory) and one
 * contiguous block (what the backend gets): only the rows a batch touches ever travel.
 */
const ROW_COPY_WIDTH = 24;

/** Copies the given rows of a row-major table into one contiguous block. */
export function gatherRows(
  table: Float32Array,
  width: number,
  rows: Int32Array,
  out = new Float32Array(rows.length * width),
): Float32Array {
  // A copy per row (memcpy) is several times faster than an element loop past a few dozen
  // classes, even with the view it allocates; below that the loop wins.
  if (width >= ROW_COPY_WIDTH) {
    for (let i = 0; i < rows.length; i++) {
      const from = (rows[i] as number) * width;
      out.set(table.subarray(from, from + width), i * width);
    }
    return out;
  }
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
