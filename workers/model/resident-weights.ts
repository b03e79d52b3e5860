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
 * uploaded once and read by every later chunk (`directLogits`). A chunk's product then gathers
 * the rows it needs inside the backend, instead of gathering, uploading and scaling a block of them in
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

  /** Tensors held now (0 or 1): a cache, not a leak, so the worker's leak count leaves it out. */
  get tensorCount(): number {
    return this.held ? 1 : 0;
  }

  dispose(): void {
    this.held?.table.dispose();
    this.held = null;
  }
}
