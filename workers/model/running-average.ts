/**
 * The mean of a weight table over snapshots taken every few steps, kept lazily: a snapshot
 * only counts itself, and a table row's contribution is added when the row is about to
 * change (it held one value for every snapshot since its last change) or when the mean is
 * read. The result is the mean of the snapshots, but each step costs the rows it updates
 * instead of the whole table (8% of training time when every snapshot copied the table).
 */
export class LazyAverage {
  /** Sum over the snapshots so far of each value, for the snapshots already credited. */
  private readonly sum: Float32Array;
  /** Snapshots already credited to each table row. */
  private readonly credited: Int32Array;
  snapshots = 0;

  constructor(
    private readonly weights: Float32Array,
    private readonly width: number,
  ) {
    if (weights.length % width !== 0)
      throw new RangeError(`a table of ${weights.length} values has no rows of ${width}`);
    this.sum = new Float32Array(weights.length);
    this.credited = new Int32Array(weights.length / width);
  }

  /** Counts the table as it is now as one more snapshot. */
  snapshot(): void {
    this.snapshots++;
  }

  /** Call before a row of the table changes: credits its current values. */
  beforeRowUpdate(row: number): void {
    const pending = this.snapshots - (this.credited[row] as number);
    if (pending === 0) return;
    this.credited[row] = this.snapshots;
    const { sum, weights, width } = this;
    const end = (row + 1) * width;
    for (let at = row * width; at < end; at++)
      sum[at] = (sum[at] as number) + pending * (weights[at] as number);
  }

  /** The mean over the snapshots so far, written into `out` (the table itself when none). */
  meanInto(out: Float32Array = new Float32Array(this.weights.length)): Float32Array {
    const { sum, credited, weights, width, snapshots } = this;
    if (snapshots === 0) {
      out.set(weights);
      return out;
    }
    const share = 1 / snapshots;
    for (let row = 0; row < credited.length; row++) {
      const pending = snapshots - (credited[row] as number);
      const end = (row + 1) * width;
      for (let at = row * width; at < end; at++)
        out[at] = ((sum[at] as number) + pending * (weights[at] as number)) * share;
    }
    return out;
  }
}
