import { describe, expect, it } from 'vitest';
import { applyLazyAdam } from '../../workers/model/lazy-adam.ts';
import { LazyAverage } from '../../workers/model/running-average.ts';
import { TrainingTable } from '../../workers/model/weight-table.ts';
import {
  assembleKernels,
  KERNELS_MODULE,
  kernelsModuleSource,
} from '../../scripts/wasm/assemble.ts';
import { readFileSync } from 'node:fs';
import { createRandom } from '@shared/random.ts';

const FEATURES = 300;
// Not a multiple of 4: the kernels' scalar tail runs too.
const WIDTH = 13;
const SETTINGS = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
// Large enough to move the weights visibly within the test's 120 steps.
const L2 = 0.05;

describe('TrainingTable', () => {
  it('runs on the WebAssembly SIMD kernels here', () => {
    expect(new TrainingTable(FEATURES, WIDTH, true).accelerated).toBe(true);
  });

  it('matches lazy Adam and the lazy average in JavaScript, step for step, with row scales and L2', () => {
    const table = new TrainingTable(FEATURES, WIDTH, true);
    const reference = {
      featureCount: FEATURES,
      classCount: WIDTH,
      weights: new Float32Array((FEATURES + 1) * WIDTH),
    };
    const state = {
      firstMoment: new Float32Array(reference.weights.length),
      secondMoment: new Float32Array(reference.weights.length),
      step: 0,
    };
    const average = new LazyAverage(reference.weights, WIDTH);
    const random = createRandom(3);
    for (let step = 1; step <= 120; step++) {
      const rows = Int32Array.from(
        new Set(Array.from({ length: 40 }, () => Math.floor(random() * (FEATURES + 1)))),
      );
      const scales = Float32Array.from(rows, () => 0.5 + 2 * random());
      const block = table.gather(rows, scales);
      rows.forEach((row, i) => {
        for (let c = 0; c < WIDTH; c++)
          expect(block[i * WIDTH + c]).toBeCloseTo(
            reference.weights[row * WIDTH + c]! * scales[i]!,
            5,
          );
      });
      // The gradient of the scaled block; the weights' own is that times the scale, plus L2.
      const gradient = Float32Array.from({ length: rows.length * WIDTH }, () => random() - 0.5);
      const weightGradient = gradient.map((g, at) => {
        const i = Math.floor(at / WIDTH);
        return g * scales[i]! + L2 * reference.weights[rows[i]! * WIDTH + (at % WIDTH)]!;
      });
      table.adam(rows, gradient, SETTINGS, step, scales, L2);
      applyLazyAdam(reference, state, rows, weightGradient, SETTINGS, average);
      if (step % 7 === 0) {
        table.snapshot();
        average.snapshot();
      }
    }
    const mean = table.meanInto();
    const expected = average.meanInto();
    mean.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
  });

  it('starts from saved weights, and reads them back unchanged before any step', () => {
    const data = Float32Array.from({ length: (FEATURES + 1) * WIDTH }, (_, i) => (i % 17) - 8);
    const saved = [{ name: 'weights', shape: [FEATURES + 1, WIDTH], data }];
    for (const averaged of [false, true]) {
      const table = new TrainingTable(FEATURES, WIDTH, averaged, saved);
      expect(table.meanInto()).toEqual(data);
      expect(Array.from(table.gather(Int32Array.of(4, 0)))).toEqual([
        ...Array.from(data.subarray(4 * WIDTH, 5 * WIDTH)),
        ...Array.from(data.subarray(0, WIDTH)),
      ]);
    }
  });

  it('grows its scratch space for a batch that touches more rows than it holds', () => {
    const features = 40_000;
    const table = new TrainingTable(features, 2, false);
    const rows = Int32Array.from({ length: features + 1 }, (_, i) => features - i);
    expect(table.gather(rows)).toHaveLength((features + 1) * 2);
    table.adam(rows, new Float32Array((features + 1) * 2).fill(1), SETTINGS, 1);
    // The first Adam step moves every weight by the learning rate against the gradient's sign.
    expect(table.meanInto()[0]).toBeCloseTo(-0.01, 5);
  });

  it('is built from the committed kernel source (npm run build:wasm after editing it)', async () => {
    expect(readFileSync(KERNELS_MODULE, 'utf8')).toBe(kernelsModuleSource(await assembleKernels()));
  });
});
