import { appError } from '@shared/errors.ts';
import { extractFeatures, normalizeText } from '../text/tokenize.ts';

/** Log-softmax of each row of a logits matrix, into a new array. */
export function logSoftmaxRows(logits: Float32Array, classCount: number, temperature = 1) {
  const out = new Float32Array(logits.length);
  for (let base = 0; base < logits.length; base += classCount) {
    let max = -Infinity;
    for (let c = 0; c < classCount; c++) max = Math.max(max, (logits[base + c] ?? 0) / temperature);
    let sum = 0;
    for (let c = 0; c < classCount; c++)
      sum += Math.exp((logits[base + c] ?? 0) / temperature - max);
    const logSum = max + Math.log(sum);
    for (let c = 0; c < classCount; c++)
      out[base + c] = (logits[base + c] ?? 0) / temperature - logSum;
  }
  return out;
}

/**
 * Late fusion of one product: a weighted sum of the image and text log-probabilities
 * (a weighted geometric mean of the two distributions), renormalised. A missing modality
 * leaves the other one alone; both missing is an error.
 */
export function fuseLogProbabilities(
  image: Float32Array | null,
  text: Float32Array | null,
  imageWeight: number,
): Float32Array {
  if (!image && !text)
    throw appError('InvalidInput', 'A product needs a photo, a text or both to be classified');
  const classCount = (image ?? text)?.length ?? 0;
  const combined = new Float32Array(classCount);
  for (let c = 0; c < classCount; c++) {
    if (image && text)
      combined[c] = imageWeight * (image[c] ?? 0) + (1 - imageWeight) * (text[c] ?? 0);
    else combined[c] = ((image ?? text) as Float32Array)[c] ?? 0;
  }
  const normalised = logSoftmaxRows(combined, classCount);
  return normalised.map(Math.exp);
}

/** Image weights tried when tuning late fusion on the validation rows. */
export const IMAGE_WEIGHT_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

/** Width of the hashed text block of a concatenated-features head. */
export const CONCAT_TEXT_DIMS = 2048;

/** A product text as a hashed bag of word and character n-grams, L2-normalised; zeros if empty. */
export function hashedTextVector(text: string, dims: number): Float32Array {
  const out = new Float32Array(dims);
  const { word, char } = extractFeatures(normalizeText(text));
  for (const hash of [...word, ...char]) {
    const bucket = (hash >>> 0) % dims;
    out[bucket] = (out[bucket] ?? 0) + 1;
  }
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    out[i] = Math.log1p(out[i] ?? 0);
    sum += (out[i] ?? 0) ** 2;
  }
  if (sum > 0) for (let i = 0; i < dims; i++) out[i] = (out[i] ?? 0) / Math.sqrt(sum);
  return out;
}

/**
 * One row of a concatenated-features head: [image embedding | hashed text | has image,
 * has text]. A missing modality is zeros with its flag off, which the head learns from
 * training copies with one modality dropped.
 */
export function concatFeatures(
  image: Float32Array | null,
  imageDims: number,
  text: Float32Array | null,
  textDims: number,
): Float32Array {
  const out = new Float32Array(imageDims + textDims + 2);
  if (image) out.set(image, 0);
  if (text) out.set(text, imageDims);
  out[imageDims + textDims] = image ? 1 : 0;
  out[imageDims + textDims + 1] = text ? 1 : 0;
  return out;
}
