/**
 * Sparse TF-IDF rows in one compact block (CSR), the form training and batch prediction read.
 * A row's entries are grouped into segments that share one scale: entry k of segment s has
 * the value `scales[s] * featureScales[features[k]]`. For text that is (1 + ln tf) / norm of
 * its group times the feature's IDF, and most of a title's n-grams occur once, so a row has
 * two to four segments. The product with the weights is then one unweighted segment sum
 * over the entries and a small scaled sum over the segments (see model/sparse-product.ts).
 */
export interface SegmentedRows {
  rowCount: number;
  /** Row r's segments are rowStarts[r] .. rowStarts[r + 1] - 1. */
  rowStarts: Int32Array;
  /** Segment s's entries are segmentStarts[s] .. segmentStarts[s + 1] - 1. */
  segmentStarts: Int32Array;
  scales: Float32Array;
  /** Table row (feature) of each entry. */
  features: Int32Array;
  /** Per-feature factor of every entry's value (the IDF), or null for 1. */
  featureScales: Float32Array | null;
}

function grownInt(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

function grownFloat(array: Float32Array<ArrayBuffer>, needed: number): Float32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Float32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Appends rows segment by segment into growing typed arrays; no allocation per row. */
export class SegmentedRowsBuilder {
  private rowStarts = new Int32Array(1025);
  private segmentStarts = new Int32Array(4097);
  private scales = new Float32Array(4096);
  private features = new Int32Array(65536);
  private rows = 0;
  private segments = 0;
  private entries = 0;

  constructor(private readonly featureScales: Float32Array | null) {}

  get rowCount(): number {
    return this.rows;
  }

  /** Opens a segment of the current row with its scale; `entry` adds to it. */
  segment(scale: number): void {
    const s = this.segments++;
    this.segmentStarts = grownInt(this.segmentStarts, s + 2);
    this.scales = grownFloat(this.scales, s + 1);
    this.segmentStarts[s] = this.entries;
    this.scales[s] = scale;
  }

  entry(feature: number): void {
    const k = this.entries++;
    if (k >= this.features.length) this.features = grownInt(this.features, k + 1);
    this.features[k] = feature;
  }

  /** Closes the current row (its segments are those opened since the last call). */
  endRow(): void {
    const r = ++this.rows;
    this.rowStarts = grownInt(this.rowStarts, r + 1);
    this.rowStarts[r] = this.segments;
  }

  /** The rows so far, in arrays of their exact size; the builder starts over. */
  finish(): SegmentedRows {
    this.segmentStarts[this.segments] = this.entries;
    const rows: SegmentedRows = {
      rowCount: this.rows,
      rowStarts: this.rowStarts.slice(0, this.rows + 1),
      segmentStarts: this.segmentStarts.slice(0, this.segments + 1),
      scales: this.scales.slice(0, this.segments),
      features: this.features.slice(0, this.entries),
      featureScales: this.featureScales,
    };
    this.rows = 0;
    this.segments = 0;
    this.entries = 0;
    return rows;
  }
}

/** Rows given as explicit (feature, value) pairs: one segment per entry, no feature factor. */
export function segmentedFromPairs(
  rows: readonly { indices: Int32Array; values: Float32Array }[],
): SegmentedRows {
  const builder = new SegmentedRowsBuilder(null);
  for (const row of rows) {
    for (let k = 0; k < row.indices.length; k++) {
      builder.segment(row.values[k] as number);
      builder.entry(row.indices[k] as number);
    }
    builder.endRow();
  }
  return builder.finish();
}

/** Number of entries of rows `from` .. `to` - 1. */
export function entriesOf(rows: SegmentedRows, from: number, to: number): number {
  const { rowStarts, segmentStarts } = rows;
  return (
    (segmentStarts[rowStarts[to] as number] as number) -
    (segmentStarts[rowStarts[from] as number] as number)
  );
}
