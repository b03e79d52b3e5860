import { softmaxRows } from '../model/predict.ts';
import type { LoadedClassifier } from '../classify/classify.ts';
import { deepTextLogits } from './deep-model.ts';
import { mixScores } from './ensemble.ts';

/**
 * The ensemble's raw scores (before its temperature) for product texts, from the linear
 * model's logits of the same texts.
 */
export async function ensembleScores(
  classifier: LoadedClassifier,
  linearLogits: Float32Array,
  texts: readonly string[],
): Promise<Float32Array> {
  const deep = classifier.deep;
  if (!deep) return linearLogits;
  return mixScores(
    linearLogits,
    await deepTextLogits(deep, texts),
    classifier.labels.length,
    deep.mix,
  );
}

/** Calibrated probabilities of a "Best" model: both halves mixed, at the model's temperature. */
export async function ensembleProbabilities(
  classifier: LoadedClassifier,
  linearLogits: Float32Array,
  texts: readonly string[],
): Promise<Float32Array> {
  const scores = await ensembleScores(classifier, linearLogits, texts);
  return softmaxRows(scores, classifier.labels.length, classifier.temperature);
}
