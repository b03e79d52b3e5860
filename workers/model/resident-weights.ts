import * as tf from '@tensorflow/tfjs';
import type { SegmentedRows } from '../text/segmented-rows.ts';
import type { LinearModel } from './linear-model.ts';

/**
 * Tables up to this many values (128 MB of float32) stay on the backend; larger ones take the
 * per-chunk block path, whose memory is bounded by the chunk.
 */
export const RESIDENT_VALUE_LIMIT = 32 * 1024 * 1024;

/**
 * A loaded model's weight table on the backend, each feature's row already times its IDF:
 * uploaded once and read by every later chunk. A chunk's product then gathers the rows it
 * needs inside the backend, instead of gathering, uploading and scaling a block of them in
 * JavaScript per chunk (on wasm, validation rows of the shared tasks: 1.2 to 1.8 times less
 * time per prediction batch). Only a model whose weights no longer change may hold one, and
 * whoever loaded it disposes it: the classify worker when it loads another model.
 */
export class ResidentWeights {
  private held: { backend: string; scales: Float32Array | null; table: tf.Tensor2D } | null = null;

  constructor(private readonly model: LinearModel) {}

  /**
   * The scaled table for rows whose per-feature factors are `scales`, on the current backend;
   * null when the table is over RESIDENT_VALUE_LIMIT.
   */
  table(scales: SegmentedRows['featureScales']): tf.Tensor2D | null {
    const { featureCount, classCount, weights } = this.model;
    if (weights.length > RESIDENT_VALUE_LIMIT) return null;
    const backend = tf.getBackend();
    if (this.held?.backend === backend && this.held.scales === scales) return this.held.table;
    this.dispose();
    const scaled = new Float32Array(weights.length);
    for (let feature = 0; feature <= featureCount; feature++) {
      // The last row is the bias, whose value is always 1.
      const factor = scales && feature < featureCount ? (scales[feature] as number) : 1;
      const base = feature * classCount;
      for (let c = 0; c < classCount; c++)
        scaled[base + c] = (weights[base + c] as number) * factor;
    }
    const table = tf.keep(tf.tensor2d(scaled, [featureCount + 1, classCount]));
    this.held = { backend, scales, table };
    return table;
  }

  /**
   * Logits [to - from, classes] of rows `from .. to - 1` through the resident table, or null
   * when it is too large to hold; call inside `tf.tidy`. The same two sums as the block path
   * (sparse-product.ts), over table rows instead of block columns.
   */
  logits(rows: SegmentedRows, from: number, to: number): tf.Tensor2D | null {
    const table = this.table(rows.featureScales);
    if (!table) return null;
    const { rowStarts, segmentStarts, scales, features } = rows;
    const firstSegment = rowStarts[from] as number;
    const lastSegment = rowStarts[to] as number;
    const firstEntry = segmentStarts[firstSegment] as number;
    const size = to - from;
    // One more segment and entry per row: the bias.
    const segmentCount = lastSegment - firstSegment + size;
    const entryCount = (segmentStarts[lastSegment] as number) - firstEntry + size;
    const entryFeature = new Int32Array(entryCount);
    const entrySegment = new Int32Array(entryCount);
    const segmentRow = new Int32Array(segmentCount);
    const segmentScale = new Float32Array(segmentCount);
    const biasRow = this.model.featureCount;
    let entry = 0;
    let segment = 0;
    for (let row = from; row < to; row++) {
      const end = rowStarts[row + 1] as number;
      for (let s = rowStarts[row] as number; s < end; s++) {
        const entryEnd = segmentStarts[s + 1] as number;
        for (let k = segmentStarts[s] as number; k < entryEnd; k++) {
          entryFeature[entry] = features[k] as number;
          entrySegment[entry++] = segment;
        }
        segmentRow[segment] = row - from;
        segmentScale[segment++] = scales[s] as number;
      }
      entryFeature[entry] = biasRow;
      entrySegment[entry++] = segment;
      segmentRow[segment] = row - from;
      segmentScale[segment++] = 1;
    }
    const bySegment = tf.sparse.sparseSegmentSum(
      table,
      tf.tensor1d(entryFeature, 'int32'),
      tf.tensor1d(entrySegment, 'int32'),
    );
    return tf.sparse.sparseSegmentSum(
      bySegment.mul(tf.tensor2d(segmentScale, [segmentCount, 1])),
      tf.range(0, segmentCount, 1, 'int32'),
      tf.tensor1d(segmentRow, 'int32'),
    ) as tf.Tensor2D;
  }

  /** Tensors held now (0 or 1): a cache, not a leak, so the worker's leak count leaves it out. */
  get tensorCount(): number {
    return this.held ? 1 : 0;
  }

  dispose(): void {
    this.held?.table.dispose();
    this.held = null;
  }
}
