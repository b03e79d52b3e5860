import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { appError } from '../../src/shared/errors.ts';
import { openShelfwiseDb } from '../../src/shared/db/open.ts';
import type { ClassifyApi } from '../../src/shared/worker-api.ts';
import { currentBackend, useBackend } from '../backend/backends.ts';
import { classifyProducts, loadClassifier, type LoadedClassifier } from './classify.ts';
import { readModel } from './model-store.ts';
import { classifyPaths } from '../taxonomy/classify-paths.ts';

const db = openShelfwiseDb();
let classifier: LoadedClassifier | null = null;

const api: ClassifyApi = {
  async useBackend(backend) {
    await useBackend(backend);
    return currentBackend();
  },
  async loadModel(modelId) {
    const { record, stored } = await readModel(await db, modelId);
    classifier = loadClassifier({ ...record, space: stored.space, weights: stored.weights });
    return { modelId, labels: record.labels.length, backend: currentBackend() };
  },
  async classify(products, k) {
    if (!classifier) throw appError('NotFound', 'No model is loaded: train one or pick one first');
    return classifyProducts(classifier, products, k);
  },
  async classifyPaths(products, threshold) {
    if (!classifier) throw appError('NotFound', 'No model is loaded: train one or pick one first');
    return classifyPaths(classifier, products, threshold);
  },
  tensorCount: () => tf.memory().numTensors,
};

expose(api);
