import type { ImageModelRecord } from '@shared/db/records/image.ts';
import { predictLogits } from '../model/predict.ts';
import type { LoadedClassifier } from '../classify/classify.ts';
import { productText } from '../text/product-text.ts';
import {
  concatFeatures,
  fuseLogProbabilities,
  hashedTextVector,
  logSoftmaxRows,
} from './fusion.ts';
import { headLogits } from './head.ts';

/** A product as the heads see it: an L2-normalised image embedding and/or a text. */
export interface ProductFeatures {
  image: Float32Array | null;
  text: string;
}

/** A trained head with what it needs at prediction time. */
export interface FusedRuntime {
  record: Pick<ImageModelRecord, 'kind' | 'labels' | 'weights' | 'imageWeight' | 'textDims'>;
  imageDims: number;
  /** The text model of a late-fusion head. */
  text: LoadedClassifier | null;
}

function stack(rows: readonly Float32Array[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(row, i * width));
  return out;
}

/** Log-probabilities of the image head for the rows that have an image. */
async function imageLogProbabilities(runtime: FusedRuntime, products: readonly ProductFeatures[]) {
  const classCount = runtime.record.labels.length;
  const withImage = products.flatMap((p, i) => (p.image ? [i] : []));
  const out: (Float32Array | null)[] = products.map(() => null);
  if (!withImage.length) return out;
  const x = stack(
    withImage.map((i) => products[i]?.image as Float32Array),
    runtime.imageDims,
  );
  const logp = logSoftmaxRows(
    await headLogits(runtime.record.weights, x, runtime.imageDims),
    classCount,
  );
  withImage.forEach((row, r) => (out[row] = logp.slice(r * classCount, (r + 1) * classCount)));
  return out;
}

/** Log-probabilities of the text model, in the head's label order, for rows with text. */
async function textLogProbabilities(runtime: FusedRuntime, products: readonly ProductFeatures[]) {
  const out: (Float32Array | null)[] = products.map(() => null);
  const text = runtime.text;
  if (!text) return out;
  const withText = products.flatMap((p, i) => (p.text.trim() ? [i] : []));
  if (!withText.length) return out;
  const textClasses = text.labels.length;
  const logits = await predictLogits(
    text.model,
    withText.map((i) => text.index.vectorize(products[i]?.text ?? '')),
  );
  const logp = logSoftmaxRows(logits, textClasses, text.temperature);
  const position = new Map(text.labels.map((label, i) => [label, i]));
  // A category the text model never saw gets a very low log-probability rather than none.
  const floor = Math.log(1e-6);
  withText.forEach((row, r) => {
    out[row] = Float32Array.from(runtime.record.labels, (label) => {
      const c = position.get(label);
      return c === undefined ? floor : (logp[r * textClasses + c] ?? floor);
    });
  });
  return out;
}

/**
 * Class probabilities per product, or null for a product the model has nothing to go on for
 * (no photo for an image head; neither photo nor text for a fused one).
 */
export async function productProbabilities(
  runtime: FusedRuntime,
  products: readonly ProductFeatures[],
  imageWeight = runtime.record.imageWeight,
): Promise<(Float32Array | null)[]> {
  const classCount = runtime.record.labels.length;
  const { kind, textDims } = runtime.record;
  if (kind === 'concat') {
    const usable = products.flatMap((p, i) => (p.image || p.text.trim() ? [i] : []));
    const width = runtime.imageDims + textDims + 2;
    const x = stack(
      usable.map((i) => {
        const p = products[i] as ProductFeatures;
        return concatFeatures(
          p.image,
          runtime.imageDims,
          p.text.trim() ? hashedTextVector(p.text, textDims) : null,
          textDims,
        );
      }),
      width,
    );
    const out: (Float32Array | null)[] = products.map(() => null);
    if (!usable.length) return out;
    const logp = logSoftmaxRows(await headLogits(runtime.record.weights, x, width), classCount);
    usable.forEach(
      (row, r) => (out[row] = logp.slice(r * classCount, (r + 1) * classCount).map(Math.exp)),
    );
    return out;
  }
  const image = await imageLogProbabilities(runtime, products);
  const text =
    kind === 'late' ? await textLogProbabilities(runtime, products) : products.map(() => null);
  return products.map((_, i) => {
    const a = image[i] ?? null;
    const b = text[i] ?? null;
    return a || b ? fuseLogProbabilities(a, b, imageWeight) : null;
  });
}

/** The texts a stored row offers. */
export const rowText = (row: { title: string; description: string }): string =>
  row.title || row.description ? productText(row) : '';
