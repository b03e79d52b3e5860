import type { FeatureSpace, SavedTensor } from '@shared/db/records/model.ts';
import { createLinearModel, type LinearModel } from '../model/linear-model.ts';
import { predictProbabilities, topK } from '../model/predict.ts';
import { DEFAULT_TEMPERATURE } from '../model/calibrate.ts';
import { featureCount, FeatureIndex } from '../text/feature-space.ts';
import { productText } from '../text/product-text.ts';

export interface LoadedClassifier {
  modelId: string;
  labels: string[];
  index: FeatureIndex;
  model: LinearModel;
  temperature: number;
}

/** What a classifier is built from: a model's labels and calibration with its stored weights. */
export interface ClassifierSource {
  id: string;
  labels: string[];
  space: FeatureSpace;
  weights: SavedTensor[];
  temperature?: number;
}

export interface Prediction {
  label: string;
  probability: number;
}

export function loadClassifier(record: ClassifierSource): LoadedClassifier {
  return {
    modelId: record.id,
    labels: record.labels,
    index: new FeatureIndex(record.space),
    model: createLinearModel(featureCount(record.space), record.labels.length, record.weights),
    temperature: record.temperature ?? DEFAULT_TEMPERATURE,
  };
}

/** Top-k categories with probabilities for each product. */
export async function classifyProducts(
  classifier: LoadedClassifier,
  products: readonly { title: string; description?: string }[],
  k = 5,
): Promise<Prediction[][]> {
  const rows = products.map((product) => classifier.index.vectorize(productText(product)));
  const probabilities = await predictProbabilities(classifier.model, rows, classifier.temperature);
  const classCount = classifier.labels.length;
  return products.map((_, r) =>
    topK(probabilities, r, classCount, Math.min(k, classCount)).map(({ classId, probability }) => ({
      label: classifier.labels[classId] ?? '?',
      probability,
    })),
  );
}
