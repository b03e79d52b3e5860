import type { ClassWeighting } from '@shared/contracts/train.ts';

/** Beta of the effective-number weighting (Cui et al., 2019); 0.999 suits classes of 10–1,000 rows. */
const EFFECTIVE_NUMBER_BETA = 0.999;

function classCounts(classes: Iterable<number>, classCount: number): Float32Array {
  const counts = new Float32Array(classCount);
  for (const c of classes) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

/** Raw weight of a class with `count` training rows, before normalisation. */
function rawWeight(kind: Exclude<ClassWeighting, 'none'>, count: number): number {
  switch (kind) {
    case 'balanced':
      return 1 / count;
    case 'sqrt':
      return 1 / Math.sqrt(count);
    case 'effective':
      return (1 - EFFECTIVE_NUMBER_BETA) / (1 - EFFECTIVE_NUMBER_BETA ** count);
  }
}

/**
 * Per-class loss weights, normalised so that the mean weight over the training rows is 1:
 * the learning rate then means the same thing whatever the scheme. Null for 'none'.
 * 'balanced' is inverse frequency, 'sqrt' its square root (a milder push towards rare
 * classes), 'effective' the inverse of the effective number of samples.
 */
export function classWeightsFor(
  kind: ClassWeighting,
  classes: ArrayLike<number> & Iterable<number>,
  classCount: number,
): Float32Array | null {
  if (kind === 'none' || classes.length === 0) return null;
  const counts = classCounts(classes, classCount);
  const weights = counts.map((count) => (count > 0 ? rawWeight(kind, count) : 0));
  let total = 0;
  counts.forEach((count, c) => (total += count * (weights[c] as number)));
  const scale = classes.length / total;
  return weights.map((w) => w * scale);
}
