import { detectSeparator, parseCategoryPath } from '@shared/taxonomy/category-path.ts';
import { ProfileIndex } from './ngram-profile.ts';

/** Softmax temperature over cosine similarities when nothing labelled is there to fit it. */
export const DEFAULT_PRIOR_TEMPERATURE = 0.05;

function nameDocument(label: string, separator: string): string {
  try {
    const levels = parseCategoryPath(label, separator);
    // The leaf says most about a product; the ancestors disambiguate it.
    return `${levels.join(' ')}\n${levels[levels.length - 1] ?? ''}`;
  } catch {
    return label;
  }
}

/**
 * A zero-shot guess from category names alone: how similar a product's text is to each
 * category's path (TF-IDF n-gram cosine), turned into probabilities by a softmax.
 */
export class NamePrior {
  private readonly index: ProfileIndex;

  constructor(readonly labels: readonly string[]) {
    const separator = detectSeparator(labels);
    this.index = new ProfileIndex(labels.map((label) => nameDocument(label, separator)));
  }

  similarities(text: string): Float32Array {
    return this.index.similarities(this.index.profile(text));
  }

  /** Probabilities over `labels` for each text, row-major. */
  probabilities(texts: readonly string[], temperature = DEFAULT_PRIOR_TEMPERATURE): Float32Array {
    const width = this.labels.length;
    const out = new Float32Array(texts.length * width);
    texts.forEach((text, r) => {
      const similarity = this.similarities(text);
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < width; c++) max = Math.max(max, (similarity[c] ?? 0) / temperature);
      let sum = 0;
      for (let c = 0; c < width; c++) {
        const e = Math.exp((similarity[c] ?? 0) / temperature - max);
        out[r * width + c] = e;
        sum += e;
      }
      for (let c = 0; c < width; c++) out[r * width + c] = (out[r * width + c] ?? 0) / sum;
    });
    return out;
  }
}

/**
 * Mixes a trained model with the name prior over the full label set: (1 − weight) · model +
 * weight · prior. The model may know only some labels (`modelLabels`, those with examples);
 * labels it has never seen get their probability from the prior alone.
 */
export function combineWithPrior(
  labels: readonly string[],
  prior: Float32Array,
  modelLabels: readonly string[],
  model: Float32Array | null,
  weight: number,
): Float32Array {
  const width = labels.length;
  const rows = prior.length / width;
  if (!model) return prior.slice();
  const position = new Map(labels.map((label, i) => [label, i]));
  const modelColumns = modelLabels.map((label) => position.get(label) ?? -1);
  const modelWidth = modelLabels.length;
  const out = new Float32Array(prior.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) out[r * width + c] = weight * (prior[r * width + c] ?? 0);
    for (let m = 0; m < modelWidth; m++) {
      const c = modelColumns[m] as number;
      if (c >= 0)
        out[r * width + c] =
          (out[r * width + c] ?? 0) + (1 - weight) * (model[r * modelWidth + m] ?? 0);
    }
  }
  return out;
}
