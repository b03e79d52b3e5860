import type { FeatureIndex } from '../text/feature-space.ts';
import type { LinearModel } from './linear-model.ts';
import { predictSegmentedLogits } from './predict.ts';

/** Texts vectorised at a time: their sparse rows are dropped once scored. */
const SLICE_ROWS = 4096;

/**
 * Logits of texts, row-major [texts.length, classCount], vectorising a slice at a time: a
 * hundred thousand held-out texts never exist as sparse rows all at once.
 */
export async function predictTextLogits(
  model: LinearModel,
  index: FeatureIndex,
  texts: readonly string[],
): Promise<Float32Array> {
  const out = new Float32Array(texts.length * model.classCount);
  for (let start = 0; start < texts.length; start += SLICE_ROWS) {
    const rows = index.vectorizeAll(texts.slice(start, start + SLICE_ROWS));
    out.set(await predictSegmentedLogits(model, rows), start * model.classCount);
  }
  return out;
}
