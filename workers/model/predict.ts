import * as tf from '@tensorflow/tfjs';
import type { SparseRow } from '../text/feature-space.ts';
import { localLogits, toLocalBatch, weightBlock, type LinearModel } from './linear-model.ts';

const PREDICT_BATCH = 64;

/** Logits for each row, row-major [rows.length, classCount]. */
export async function predictLogits(
  model: LinearModel,
  rows: readonly SparseRow[],
): Promise<Float32Array> {
  const out = new Float32Array(rows.length * model.classCount);
  for (let start = 0; start < rows.length; start += PREDICT_BATCH) {
    const batch = toLocalBatch(model, rows.slice(start, start + PREDICT_BATCH));
    const logits = tf.tidy(() => localLogits(batch, weightBlock(model, batch)));
    out.set((await logits.data()) as Float32Array, start * model.classCount);
    logits.dispose();
  }
  return out;
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
