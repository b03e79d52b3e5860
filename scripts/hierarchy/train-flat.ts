import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { fitTemperature } from '../../workers/model/calibrate.ts';
import { predictLogits, softmaxRows } from '../../workers/model/predict.ts';
import { productText } from '../../workers/text/product-text.ts';

export interface Product {
  title: string;
  description?: string;
}

export interface ProbabilityModel {
  labels: string[];
  /** Calibrated probabilities for `products`, row-major [products.length, labels.length]. */
  predict(products: readonly Product[]): Promise<Float32Array>;
}

/**
 * Trains the app's flat text model on (product, label) pairs and calibrates its temperature
 * on the validation rows, as a trained model in the app is.
 */
export async function trainFlatModel(
  train: readonly { product: Product; label: string }[],
  validation: readonly { product: Product; label: string }[],
  seed: number,
): Promise<ProbabilityModel> {
  const labels = [...new Set(train.map((row) => row.label))].sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const known = validation.filter((row) => classOf.has(row.label));
  const part = (rows: readonly { product: Product; label: string }[]) => ({
    texts: rows.map((row) => productText(row.product)),
    classes: rows.map((row) => classOf.get(row.label) as number),
  });
  const fitted = await fitTextModel(undefined, {
    labels,
    train: part(train),
    validation: part(known),
    options: { ...DEFAULT_TRAIN_OPTIONS, seed },
  });
  const classifier = loadClassifier({
    id: 'hierarchy',
    labels,
    space: fitted.space,
    weights: fitted.weights,
  });
  const logitsOf = (products: readonly Product[]) =>
    predictLogits(
      classifier.model,
      products.map((product) => classifier.index.vectorize(productText(product))),
    );
  const validationLogits = await logitsOf(known.map((row) => row.product));
  const temperature = fitTemperature(validationLogits, labels.length, part(known).classes);
  return {
    labels,
    predict: async (products) => softmaxRows(await logitsOf(products), labels.length, temperature),
  };
}
