import * as tf from '@tensorflow/tfjs';
import type { SparseRow } from '../text/feature-space.ts';
import { segmentedFromPairs, type SegmentedRows } from '../text/segmented-rows.ts';
import type { LinearModel } from './linear-model.ts';
import { gatherRows } from './local-batch.ts';
import type { ResidentWeights } from './resident-weights.ts';
import {
  directLogits,
  ProductBuilder,
  productFormFor,
  productLogits,
  productTensors,
  scaledBlockOf,
  type LocalProduct,
} from './sparse-product.ts';

/**
 * Rows per product when predicting. Larger chunks share more of their block of weights
 * between rows; past a few hundred rows the block outgrows the processor's cache.
 */
export const PREDICT_CHUNK_ROWS = 512;

const builders = new WeakMap<Float32Array, ProductBuilder>();

/** One builder per weight table: its buffers are sized by the table. */
export function productBuilderFor(model: LinearModel): ProductBuilder {
  let builder = builders.get(model.weights);
  if (!builder) {
    builder = new ProductBuilder(model.featureCount);
    builders.set(model.weights, builder);
  }
  return builder;
}

/** The scaled block of weights a product reads, as a tensor; call inside `tf.tidy`. */
export function weightBlock(model: LinearModel, product: LocalProduct): tf.Tensor2D {
  const block = tf.tensor2d(gatherRows(model.weights, model.classCount, product.tableRows), [
    product.tableRows.length,
    model.classCount,
  ]);
  return scaledBlockOf(product, block);
}

/**
 * Logits of rows `from .. to - 1`: through the model's resident table when it has one and the
 * backend sums segments fast (wasm, cpu), else through a block of the rows the chunk uses.
 */
function chunkLogits(
  model: LinearModel,
  rows: SegmentedRows,
  from: number,
  to: number,
  resident?: ResidentWeights,
): tf.Tensor2D {
  const table =
    resident && productFormFor(tf.getBackend()) === 'segments'
      ? resident.table(rows.featureScales)
      : null;
  const product = productBuilderFor(model).build(rows, null, from, to, false, table !== null);
  return table
    ? directLogits(table, product)
    : productLogits(productTensors(product, weightBlock(model, product)));
}

/** Logits for each row, row-major [rows.rowCount, classCount]. */
export async function predictSegmentedLogits(
  model: LinearModel,
  rows: SegmentedRows,
  resident?: ResidentWeights,
): Promise<Float32Array> {
  const out = new Float32Array(rows.rowCount * model.classCount);
  for (let from = 0; from < rows.rowCount; from += PREDICT_CHUNK_ROWS) {
    const to = Math.min(rows.rowCount, from + PREDICT_CHUNK_ROWS);
    const logits = tf.tidy(() => chunkLogits(model, rows, from, to, resident));
    try {
      out.set((await logits.data()) as Float32Array, from * model.classCount);
    } finally {
      logits.dispose();
    }
  }
  return out;
}

/** Logits for each row, row-major [rows.length, classCount]. */
export function predictLogits(
  model: LinearModel,
  rows: readonly SparseRow[],
): Promise<Float32Array> {
  return predictSegmentedLogits(model, segmentedFromPairs(rows));
}

/** The k most probable classes of each row, most probable first, row-major [rows, k]. */
export interface TopClasses {
  k: number;
  classes: Int32Array;
  probabilities: Float32Array;
}

/**
 * Top-k classes and their softmax probabilities at `temperature`, one batched product per
 * chunk; softmax and top-k run on the backend, so only k numbers per row come back.
 */
export async function predictTop(
  model: LinearModel,
  rows: SegmentedRows,
  k: number,
  temperature = 1,
  resident?: ResidentWeights,
): Promise<TopClasses> {
  const kept = Math.max(0, Math.min(k, model.classCount));
  const classes = new Int32Array(rows.rowCount * kept);
  const probabilities = new Float32Array(rows.rowCount * kept);
  if (kept === 0) return { k: kept, classes, probabilities };
  for (let from = 0; from < rows.rowCount; from += PREDICT_CHUNK_ROWS) {
    const to = Math.min(rows.rowCount, from + PREDICT_CHUNK_ROWS);
    const top = tf.tidy(() =>
      tf.topk(tf.softmax(chunkLogits(model, rows, from, to, resident).div(temperature)), kept),
    );
    try {
      const [values, indices] = await Promise.all([top.values.data(), top.indices.data()]);
      probabilities.set(values as Float32Array, from * kept);
      classes.set(indices as Int32Array, from * kept);
    } finally {
      tf.dispose([top.values, top.indices]);
    }
  }
  return { k: kept, classes, probabilities };
}

/** Softmax of each row of a logits matrix, in place; `temperature` > 1 softens it. */
export function softmaxRows(
  logits: Float32Array,
  classCount: number,
  temperature = 1,
): Float32Array {
  for (let base = 0; base < logits.length; base += classCount) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classCount; c++) max = Math.max(max, (logits[base + c] ?? 0) / temperature);
    let sum = 0;
    for (let c = 0; c < classCount; c++) {
      const e = Math.exp((logits[base + c] ?? 0) / temperature - max);
      logits[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classCount; c++) logits[base + c] = (logits[base + c] ?? 0) / sum;
  }
  return logits;
}

export async function predictProbabilities(
  model: LinearModel,
  rows: readonly SparseRow[],
  temperature = 1,
): Promise<Float32Array> {
  return softmaxRows(await predictLogits(model, rows), model.classCount, temperature);
}

export interface RankedClass {
  classId: number;
  probability: number;
}

/** The k most probable classes of one row of a probability matrix. */
export function topK(
  probabilities: Float32Array,
  row: number,
  classCount: number,
  k: number,
): RankedClass[] {
  const ranked: RankedClass[] = [];
  const base = row * classCount;
  for (let c = 0; c < classCount; c++) {
    const probability = probabilities[base + c] ?? 0;
    if (ranked.length < k || probability > (ranked[ranked.length - 1]?.probability ?? -1)) {
      ranked.push({ classId: c, probability });
      ranked.sort((a, b) => b.probability - a.probability);
      if (ranked.length > k) ranked.pop();
    }
  }
  return ranked;
}

export function argmaxRows(scores: Float32Array, classCount: number): Int32Array {
  const rows = scores.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classCount; c++)
      if ((scores[r * classCount + c] ?? 0) > (scores[r * classCount + best] ?? 0)) best = c;
    out[r] = best;
  }
  return out;
}
