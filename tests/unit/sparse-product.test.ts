import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentedFromPairs } from '../../workers/text/segmented-rows.ts';
import {
  blockGradientOf,
  productFormFor,
  ProductBuilder,
  productLogits,
  productTensors,
  scaledBlockOf,
} from '../../workers/model/sparse-product.ts';
import { predictLogits, predictTop, softmaxRows, topK } from '../../workers/model/predict.ts';
import type { SparseRow } from '../../workers/text/feature-space.ts';
import { useWasmBackend } from './tf-setup.ts';

const FEATURES = 9;
const CLASSES = 3;
const sparse = (indices: number[], values: number[]): SparseRow => ({
  indices: Int32Array.from(indices),
  values: Float32Array.from(values),
});
// Row 0 uses features 5 and 3 (5 twice: the values add up), row 1 uses 7 and 3, row 2 nothing.
const ROWS = [sparse([5, 3, 5], [1, 2, 0.5]), sparse([7, 3], [4, 0.25]), sparse([], [])];
// The table: feature f votes [f, -2f, 1]; the bias row (9) votes [10, 20, 30].
const TABLE = Float32Array.from({ length: (FEATURES + 1) * CLASSES }, (_, i) => {
  const [f, c] = [Math.floor(i / CLASSES), i % CLASSES];
  return f === FEATURES ? 10 * (c + 1) : [f, -2 * f, 1][c]!;
});

/** The product as a dense matrix, for reference: X [rows, features + 1] with the bias column. */
function denseRows(): number[][] {
  return ROWS.map((row) => {
    const dense = new Array<number>(FEATURES + 1).fill(0);
    row.indices.forEach((f, k) => (dense[f]! += row.values[k]!));
    dense[FEATURES] = 1;
    return dense;
  });
}

describe('the sparse product', () => {
  beforeAll(useWasmBackend);

  it.each(['segments', 'dense'] as const)(
    'gives the logits of the dense product, bias included, and its block gradient (%s form)',
    (form) => {
      const before = tf.memory().numTensors;
      const product = new ProductBuilder(FEATURES).build(
        segmentedFromPairs(ROWS),
        null,
        0,
        ROWS.length,
        true,
      );
      // Columns in first-seen order: 5, 3, bias, 7.
      expect(Array.from(product.tableRows)).toEqual([5, 3, FEATURES, 7]);
      const dense = denseRows();
      const expectedLogits = dense.map((x) =>
        [0, 1, 2].map((c) => x.reduce((sum, v, f) => sum + v * TABLE[f * CLASSES + c]!, 0)),
      );
      const gradient = [
        [1, 0, -1],
        [0.5, 2, 0],
        [-3, 1, 1],
      ];
      const [logits, blockGradient] = tf.tidy(() => {
        const block = tf.tensor2d(
          Array.from(product.tableRows).flatMap((f) =>
            Array.from(TABLE.subarray(f * CLASSES, (f + 1) * CLASSES)),
          ),
          [product.tableRows.length, CLASSES],
        );
        // These rows have no IDF: every column scale is 1, so the scaled block is the block.
        const tensors = productTensors(product, scaledBlockOf(product, block), form);
        return [
          productLogits(tensors).arraySync(),
          blockGradientOf(tensors, product, tf.tensor2d(gradient)).arraySync(),
        ];
      });
      (logits as number[][]).forEach((row, r) =>
        row.forEach((value, c) => expect(value).toBeCloseTo(expectedLogits[r]![c]!, 5)),
      );
      // dLoss/dW[f] = sum over rows of X[r, f] * gradient[r].
      Array.from(product.tableRows).forEach((f, column) => {
        for (let c = 0; c < CLASSES; c++) {
          const expected = dense.reduce((sum, x, r) => sum + x[f]! * gradient[r]![c]!, 0);
          expect((blockGradient as number[][])[column]![c]).toBeCloseTo(expected, 5);
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('runs the GPU backends in the dense form and wasm and cpu in segment sums', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].map(productFormFor)).toEqual([
      'dense',
      'dense',
      'segments',
      'segments',
    ]);
  });

  it('predicts the top classes with their softmax probabilities, on the backend', async () => {
    const before = tf.memory().numTensors;
    const model = { featureCount: FEATURES, classCount: CLASSES, weights: TABLE };
    const logits = await predictLogits(model, ROWS);
    const probabilities = softmaxRows(logits.slice(), CLASSES, 0.5);
    const top = await predictTop(model, segmentedFromPairs(ROWS), 2, 0.5);
    expect(top.k).toBe(2);
    ROWS.forEach((_, r) => {
      const expected = topK(probabilities, r, CLASSES, 2);
      expect(Array.from(top.classes.subarray(r * 2, r * 2 + 2))).toEqual(
        expected.map((e) => e.classId),
      );
      expected.forEach((e, k) =>
        expect(top.probabilities[r * 2 + k]).toBeCloseTo(e.probability, 5),
      );
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
