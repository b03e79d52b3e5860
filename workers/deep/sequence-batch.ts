import type { PositionType } from './subword-vocab.ts';
import { LocalRows } from './sparse-rows.ts';
import { unitPairs } from './pretrain.ts';

/**
 * A batch of texts made ready for the backend: the embedding rows it needs (local copies),
 * how the units of each distinct position type average into its vector, and each text as a
 * padded sequence of local type indices. Padding points at an extra all-zero type.
 */
export interface SequenceBatch {
  size: number;
  /** Padded length: the longest text of the batch, at least `minLength`. */
  length: number;
  /** Global embedding rows, in local order. */
  unitRows: number[];
  typeCount: number;
  /** (unit, type) pairs: a type's vector is the weighted sum of its units' (weights 1 / units). */
  pairUnits: Int32Array;
  pairTypes: Int32Array;
  pairWeights: Float32Array;
  /** [size, length] local type index per position; typeCount for padding. */
  positions: Int32Array;
  /** [size, length] 1 where a position holds a word. */
  mask: Float32Array;
}

export class SequenceBatcher {
  private readonly units: LocalRows;
  private readonly types: LocalRows;

  constructor(
    private readonly allTypes: readonly PositionType[],
    unitCount: number,
  ) {
    this.units = new LocalRows(unitCount);
    this.types = new LocalRows(Math.max(1, allTypes.length));
  }

  /** The batch of `texts` (type ids); `minLength` keeps the widest convolution in range. */
  batch(texts: readonly Int32Array[], minLength = 1): SequenceBatch {
    const { units, types } = this;
    let length = minLength;
    for (const text of texts) length = Math.max(length, text.length);
    const positions = new Int32Array(texts.length * length);
    const mask = new Float32Array(texts.length * length);
    texts.forEach((text, r) => {
      for (let t = 0; t < text.length; t++) {
        positions[r * length + t] = types.local(text[t] as number);
        mask[r * length + t] = 1;
      }
    });
    const typeCount = types.size;
    texts.forEach((text, r) =>
      positions.fill(typeCount, r * length + text.length, (r + 1) * length),
    );
    const pairs = unitPairs(this.allTypes, types.rows, units);
    // A batch of texts with no known word still needs one row to gather from.
    if (units.size === 0) units.local(0);
    const batch: SequenceBatch = {
      size: texts.length,
      length,
      unitRows: [...units.rows],
      typeCount,
      pairUnits: pairs.units,
      pairTypes: pairs.types,
      pairWeights: pairs.weights,
      positions,
      mask,
    };
    units.reset();
    types.reset();
    return batch;
  }
}
