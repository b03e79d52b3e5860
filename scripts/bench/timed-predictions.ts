import {
  classifyProducts,
  type LoadedClassifier,
  type Prediction,
} from '../../workers/classify/classify.ts';

export interface TimedPredictions {
  ranked: Prediction[][];
  perSecond: number;
}

/**
 * The top category of every test row through the classify worker's own function, timed as the
 * peers are: the first row's answer marks the model as ready (fastText's command loads its
 * model then, TF.js sets up its kernels), and the rate is that of the other rows, one batch.
 */
export async function timedPredictions(
  classifier: LoadedClassifier,
  rows: readonly { title: string; description?: string }[],
): Promise<TimedPredictions> {
  const first = await classifyProducts(classifier, rows.slice(0, 1), 1);
  const started = performance.now();
  const rest = await classifyProducts(classifier, rows.slice(1), 1);
  const seconds = Math.max((performance.now() - started) / 1000, 1e-6);
  return { ranked: [...first, ...rest], perSecond: Math.round(rest.length / seconds) };
}
