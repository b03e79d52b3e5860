/**
 * The rows of a large table (the subword embedding) that one batch touches: a dense local copy
 * goes to the backend, and the update comes back to those rows only.
 */
export class LocalRows {
  readonly rows: number[] = [];
  private readonly slot: Int32Array;

  constructor(size: number) {
    this.slot = new Int32Array(size).fill(-1);
  }

  /** The local index of a global row, added on first use. */
  local(row: number): number {
    let s = this.slot[row] as number;
    if (s < 0) {
      s = this.rows.length;
      this.slot[row] = s;
      this.rows.push(row);
    }
    return s;
  }

  get size(): number {
    return this.rows.length;
  }

  reset(): void {
    for (const row of this.rows) this.slot[row] = -1;
    this.rows.length = 0;
  }

  gather(table: Float32Array, width: number): Float32Array {
    const out = new Float32Array(this.rows.length * width);
    this.rows.forEach((row, i) =>
      out.set(table.subarray(row * width, row * width + width), i * width),
    );
    return out;
  }
}

/** Adam on the rows a batch touches, in place (TensorFlow's LazyAdamOptimizer). */
export class SparseAdam {
  private readonly first: Float32Array;
  private readonly second: Float32Array;
  private step = 0;

  constructor(
    readonly table: Float32Array,
    readonly width: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.first = new Float32Array(table.length);
    this.second = new Float32Array(table.length);
  }

  apply(rows: readonly number[], gradient: Float32Array, learningRate: number): void {
    this.step += 1;
    const { beta1, beta2, epsilon, width, table, first, second } = this;
    const size = (learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    for (let i = 0; i < rows.length; i++) {
      const base = (rows[i] as number) * width;
      const from = i * width;
      for (let d = 0; d < width; d++) {
        const g = gradient[from + d] as number;
        const m = beta1 * (first[base + d] as number) + (1 - beta1) * g;
        const v = beta2 * (second[base + d] as number) + (1 - beta2) * g * g;
        first[base + d] = m;
        second[base + d] = v;
        table[base + d] = (table[base + d] as number) - (size * m) / (Math.sqrt(v) + epsilon);
      }
    }
  }
}
