import type { FeatureSpace, SavedTensor } from '@shared/db/records/model.ts';
import type { StoredDeepModel } from '@shared/db/records/deep-model.ts';
import { createLinearModel, type LinearModel } from '../model/linear-model.ts';
import {
  predictLogits,
  predictProbabilities,
  predictTop,
  topK,
  type TopClasses,
} from '../model/predict.ts';
import { ensembleProbabilities } from '../deep/ensemble-classifier.ts';
import { loadDeepModel, type LoadedDeepModel } from '../deep/deep-model.ts';
import { DEFAULT_TEMPERATURE } from '../model/calibrate.ts';
import { ResidentWeights } from '../model/resident-weights.ts';
import { featureCount, FeatureIndex } from '../text/feature-space.ts';
import { productText } from '../text/product-text.ts';

export interface LoadedClassifier {
  modelId: string;
  labels: string[];
  index: FeatureIndex;
  model: LinearModel;
  temperature: number;
  /** The deep half of a "Best" model; `temperature` then calibrates the mix. */
  deep?: LoadedDeepModel & { mix: StoredDeepModel['mix'] };
  /** The weights kept on the backend between calls, for a classifier loaded to serve. */
  resident?: ResidentWeights;
}

/** What a classifier is built from: a model's labels and calibration with its stored weights. */
export interface ClassifierSource {
  id: string;
  labels: string[];
  space: FeatureSpace;
  weights: SavedTensor[];
  temperature?: number;
  deep?: StoredDeepModel;
}

export interface Prediction {
  label: string;
  probability: number;
}

/**
 * A classifier from a stored model. `serving` keeps its weights on the backend between calls
 * (see ResidentWeights), for one that will label many batches; its owner then calls
 * `releaseClassifier`.
 */
export function loadClassifier(
  record: ClassifierSource,
  { serving = false }: { serving?: boolean } = {},
): LoadedClassifier {
  const model = createLinearModel(featureCount(record.space), record.labels.length, record.weights);
  return {
    modelId: record.id,
    labels: record.labels,
    index: new FeatureIndex(record.space),
    model,
    temperature: record.temperature ?? DEFAULT_TEMPERATURE,
    ...(record.deep ? { deep: { ...loadDeepModel(record.deep), mix: record.deep.mix } } : {}),
    ...(serving ? { resident: new ResidentWeights(model) } : {}),
  };
}

/** Frees what a serving classifier keeps on the backend. */
export function releaseClassifier(classifier: LoadedClassifier | undefined): void {
  classifier?.resident?.dispose();
}

/** The linear model's raw scores for product texts, row-major [texts, labels]. */
export function linearLogits(
  classifier: LoadedClassifier,
  texts: readonly string[],
): Promise<Float32Array> {
  return predictLogits(
    classifier.model,
    texts.map((text) => classifier.index.vectorize(text)),
  );
}

/** Calibrated probabilities of every category for product texts, row-major [texts, labels]. */
export async function classifierProbabilities(
  classifier: LoadedClassifier,
  texts: readonly string[],
): Promise<Float32Array> {
  if (classifier.deep)
    return ensembleProbabilities(classifier, await linearLogits(classifier, texts), texts);
  const rows = texts.map((text) => classifier.index.vectorize(text));
  return predictProbabilities(classifier.model, rows, classifier.temperature);
}

/**
 * The k most probable categories of each product text. A linear model runs one batched
 * product per chunk with softmax and top-k on the backend; a "Best" model mixes its two halves
 * first, so its full probability rows come back and are ranked here.
 */
export async function classifierTop(
  classifier: LoadedClassifier,
  texts: readonly string[],
  k: number,
): Promise<TopClasses> {
  if (!classifier.deep)
    return predictTop(
      classifier.model,
      classifier.index.vectorizeAll(texts),
      k,
      classifier.temperature,
      classifier.resident,
    );
  const classCount = classifier.labels.length;
  const kept = Math.max(0, Math.min(k, classCount));
  const probabilities = await classifierProbabilities(classifier, texts);
  const top: TopClasses = {
    k: kept,
    classes: new Int32Array(texts.length * kept),
    probabilities: new Float32Array(texts.length * kept),
  };
  for (let r = 0; r < texts.length; r++)
    topK(probabilities, r, classCount, kept).forEach(({ classId, probability }, j) => {
      top.classes[r * kept + j] = classId;
      top.probabilities[r * kept + j] = probability;
    });
  return top;
}

/** Top-k categories with probabilities for each product. */
export async function classifyProducts(
  classifier: LoadedClassifier,
  products: readonly { title: string; description?: string }[],
  k = 5,
): Promise<Prediction[][]> {
  const top = await classifierTop(classifier, products.map(productText), k);
  return products.map((_, r) =>
    Array.from({ length: top.k }, (_, j) => ({
      label: classifier.labels[top.classes[r * top.k + j] as number] ?? '?',
      probability: top.probabilities[r * top.k + j] as number,
    })),
  );
}
