import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import { levelFigures } from '@shared/taxonomy/level-figures.ts';
import { featureCount } from '../../workers/text/feature-space.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { loadClassifier, releaseClassifier } from '../../workers/classify/classify.ts';
import { timedPredictions } from './timed-predictions.ts';
import { splitRows } from '../../workers/train/train-job.ts';
import type { BenchArgs } from './args.ts';
import { PeakMemory } from './memory.ts';
import { readCatalogue } from './read-catalogue.ts';
import { metricFields, type BenchResult } from './result.ts';

/**
 * The whole train file trains the model, for the schedule 'auto' picks; the test file is
 * touched once, at the end. (The app holds out 10% for its validation chart instead.)
 */
export const BENCH_HELD_OUT = { validation: 0, test: 0 };

export async function useNodeBackend(backend: BackendName): Promise<void> {
  if (backend === 'webgpu' || backend === 'webgl') {
    throw new Error(`The ${backend} backend exists only in a browser: add --runtime browser`);
  }
  if (backend === 'wasm') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(
      fileURLToPath(
        new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
      ),
    );
  }
  await tf.setBackend(backend);
  await tf.ready();
}

/** Trains and evaluates with the worker's own functions, called directly in Node. */
export async function benchInNode(args: BenchArgs, task: string): Promise<BenchResult> {
  const backend = args.backend ?? 'wasm';
  await useNodeBackend(backend);
  const memory = new PeakMemory();
  const tensorsBefore = tf.memory().numTensors;
  const [trainRows, testRows] = await Promise.all([
    readCatalogue(args.train),
    readCatalogue(args.test),
  ]);

  const started = performance.now();
  const { labels, train, validation } = splitRows(trainRows, args.seed, BENCH_HELD_OUT);
  const fitted = await fitTextModel(undefined, {
    labels,
    train,
    validation,
    options: { ...DEFAULT_TRAIN_OPTIONS, seed: args.seed },
  });
  const trainSeconds = (performance.now() - started) / 1000;

  // Served as the classify worker serves it: weights kept on the backend between batches.
  const classifier = loadClassifier(
    { id: 'bench', labels, space: fitted.space, weights: fitted.weights },
    { serving: true },
  );
  const { ranked, perSecond } = await timedPredictions(classifier, testRows);
  releaseClassifier(classifier);
  const truth = testRows.map((row) => row.category);
  const predicted = ranked.map((top) => top[0]?.label ?? '');
  const metrics = scorePredictions(truth, predicted);
  return {
    task,
    n_train: trainRows.length,
    n_test: testRows.length,
    ...metricFields(metrics),
    ...levelFigures(truth, predicted, args.separator),
    train_s: Math.round(trainSeconds * 100) / 100,
    predict_per_s: perSecond,
    backend: tf.getBackend(),
    runtime: 'node',
    peak_mem_mb: memory.stop(),
    epochs: fitted.history.length,
    features: featureCount(fitted.space),
    leaked_tensors: tf.memory().numTensors - tensorsBefore,
  };
}
