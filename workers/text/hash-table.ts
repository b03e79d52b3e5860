/**
 * Open-addressing maps from 32-bit feature hashes to small integers, in typed arrays. A `Map`
 * costs tens of nanoseconds and a boxed entry per lookup; vectorising a title does about a
 * hundred lookups, so this is most of the time of tokenising once hashing is done in place.
 */

const EMPTY = -1;

function slotOf(key: number, mask: number): number {
  // Fibonacci hashing spreads FNV hashes whose low bits alone would cluster.
  return (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
}

function capacityFor(entries: number): number {
  let capacity = 16;
  while (capacity < entries * 2) capacity *= 2;
  return capacity;
}

/** A fixed map from hash to table row, built once per feature space. */
export class HashToRow {
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(hashes: Uint32Array, firstRow: number) {
    const capacity = capacityFor(hashes.length);
    this.keys = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let i = 0; i < hashes.length; i++) {
      const key = hashes[i] as number;
      let slot = slotOf(key, this.mask);
      while (this.rows[slot] !== EMPTY && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
      // A hash listed twice keeps its first row, as a Map built in order would.
      if (this.rows[slot] === EMPTY) {
        this.keys[slot] = key;
        this.rows[slot] = firstRow + i;
      }
    }
  }

  /** The row of `hash`, or -1 when the space does not have it. */
  get(hash: number): number {
    const { keys, rows, mask } = this;
    let slot = slotOf(hash, mask);
    for (;;) {
      const row = rows[slot] as number;
      if (row === EMPTY || keys[slot] === hash) return row;
      slot = (slot + 1) & mask;
    }
  }
}

/**
 * Document frequencies by hash: how many documents contain each hash, counting a document once
 * however often the hash repeats in it. Grows as new hashes arrive.
 */
export class HashCounter {
  private keys = new Uint32Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  /** Last document that counted each slot (+1, so that 0 means none). */
  private lastDocument = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  size = 0;

  /** Counts `hash` for `document` (ids increase from 0), once per document. */
  add(hash: number, document: number): void {
    let slot = slotOf(hash, this.mask);
    for (;;) {
      const count = this.counts[slot] as number;
      if (count === 0) break;
      if (this.keys[slot] === hash) {
        if (this.lastDocument[slot] !== document + 1) {
          this.lastDocument[slot] = document + 1;
          this.counts[slot] = count + 1;
        }
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = hash;
    this.counts[slot] = 1;
    this.lastDocument[slot] = document + 1;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  /** Every hash and its count, in slot order. */
  entries(): { hashes: Uint32Array; counts: Int32Array } {
    const hashes = new Uint32Array(this.size);
    const counts = new Int32Array(this.size);
    let n = 0;
    for (let slot = 0; slot <= this.mask; slot++) {
      const count = this.counts[slot] as number;
      if (count === 0) continue;
      hashes[n] = this.keys[slot] as number;
      counts[n++] = count;
    }
    return { hashes, counts };
  }

  private grow(): void {
    const { keys, counts, lastDocument } = this;
    const capacity = keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.counts = new Int32Array(capacity);
    this.lastDocument = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let old = 0; old < keys.length; old++) {
      const count = counts[old] as number;
      if (count === 0) continue;
      const key = keys[old] as number;
      let slot = slotOf(key, this.mask);
      while (this.counts[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.counts[slot] = count;
      this.lastDocument[slot] = lastDocument[old] as number;
    }
  }
}
