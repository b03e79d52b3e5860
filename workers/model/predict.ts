import * as tf from '@tensorflow/tfjs';
import type { SparseRow } from '../text/feature-space.ts';
import { disposeBatch, padBatch } from './batch.ts';
import { textLogits, type TextModelVariables } from './text-model.ts';

const PREDICT_BATCH = 512;

/** Class probabilities for each row, row-major [rows.length, classCount]. */
export async function predictProbabilities(
  model: TextModelVariables,
  rows: readonly SparseRow[],
  temperature = 1,
): Promise<Float32Array> {
  const classCount = model.bias.shape[0] as number;
  const out = new Float32Array(rows.length * classCount);
  for (let start = 0; start < rows.length; start += PREDICT_BATCH) {
    const batch = padBatch(rows.slice(start, start + PREDICT_BATCH));
    const probabilities = tf.tidy(() => tf.softmax(textLogits(model, batch).div(temperature)));
    out.set(await probabilities.data(), start * classCount);
    probabilities.dispose();
    disposeBatch(batch);
  }
  return out;
}

export interface RankedClass {
  classId: number;
  probability: number;
}

/** The k most probable classes of one row of a probability matrix. */
export function topK(probabilities: Float32Array, row: number, classCount: number, k: number): RankedClass[] {
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

export function argmaxRows(probabilities: Float32Array, classCount: number): Int32Array {
  const rows = probabilities.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = topK(probabilities, r, classCount, 1)[0]?.classId ?? 0;
  return out;
}
