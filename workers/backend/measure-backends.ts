import * as tf from '@tensorflow/tfjs';
import type { BackendBenchmark } from '@shared/contracts/jobs.ts';
import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';
import { createLazyAdam, lazyAdamStep } from '../model/lazy-adam.ts';
import { createLinearModel, toLocalBatch } from '../model/linear-model.ts';
import type { SparseRow } from '../text/feature-space.ts';
import { createRandom } from '@shared/random.ts';
import { useBackend } from './backends.ts';

const FEATURES = 4000;
const CLASSES = 20;
const BATCH = 128;
const NONZEROS = 60;
const TIMED_STEPS = 3;
const SLOW_FIRST_STEP_MS = 3000;

/** A seeded batch shaped like a real one: a few dozen n-grams per title. */
function syntheticRows(): { rows: SparseRow[]; classes: number[] } {
  const random = createRandom(7);
  const rows = Array.from({ length: BATCH }, () => ({
    indices: Int32Array.from({ length: NONZEROS }, () => Math.floor(random() * FEATURES)),
    values: new Float32Array(NONZEROS).fill(1 / Math.sqrt(NONZEROS)),
  }));
  return { rows, classes: rows.map(() => Math.floor(random() * CLASSES)) };
}

/** Median milliseconds of one real training step of the text model on this backend. */
async function timeTrainingStep(): Promise<number> {
  const { rows, classes } = syntheticRows();
  const model = createLinearModel(FEATURES, CLASSES);
  const optimizer = createLazyAdam(model);
  const batch = toLocalBatch(model, rows);
  const settings = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const lossOf = (logits: tf.Tensor2D): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(
      tf.oneHot(tf.tensor1d(classes, 'int32'), CLASSES),
      logits,
    ) as tf.Scalar;
  // The first step compiles shaders or kernels; it says little about steady speed, unless it
  // is so slow that timing more steps would keep the user waiting for a backend they won't pick.
  const firstStart = performance.now();
  await lazyAdamStep(model, optimizer, batch, lossOf, settings);
  const firstMs = performance.now() - firstStart;
  if (firstMs > SLOW_FIRST_STEP_MS) return firstMs;
  const times: number[] = [];
  for (let i = 0; i < TIMED_STEPS; i++) {
    const start = performance.now();
    await lazyAdamStep(model, optimizer, batch, lossOf, settings);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Times a training step on every backend that starts, in the order given. */
export async function measureBackends(
  candidates: readonly BackendName[] = BACKEND_NAMES,
  onResult?: (result: BackendBenchmark) => void,
): Promise<BackendBenchmark[]> {
  const results: BackendBenchmark[] = [];
  for (const backend of candidates) {
    let result: BackendBenchmark;
    try {
      await useBackend(backend);
      result = { backend, stepMs: await timeTrainingStep() };
    } catch (error) {
      result = {
        backend,
        stepMs: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    results.push(result);
    onResult?.(result);
  }
  return results;
}

export function fastestBackend(results: readonly BackendBenchmark[]): BackendName | null {
  const working = results.filter(
    (r): r is BackendBenchmark & { stepMs: number } => r.stepMs !== null,
  );
  working.sort((a, b) => a.stepMs - b.stepMs);
  return working[0]?.backend ?? null;
}
