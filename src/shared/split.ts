import { createRandom, shuffleInPlace } from './random.ts';
import type { HeldOutShares } from './contracts/train.ts';
import type { SplitPositions } from './db/records/model.ts';

/**
 * The app's shares of each category held out: test gives the reported figures, validation
 * drives early stopping and calibration. Every split of a catalogue (text models, photo
 * models, streamed or in memory) comes from `splitPositions` with these shares, so the same
 * rows are held out everywhere.
 */
export const HELD_OUT: HeldOutShares = { validation: 0.1, test: 0.15 };

export interface SplitFractions {
  /** Share of each class used for early stopping and calibration. */
  validation: number;
  /** Share of each class never seen in training: the held-out figures come from here. */
  test: number;
}

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Seeded stratified split by class. Every class keeps at least one training row;
 * classes with two rows give one to test, with three or more to validation as well, so
 * rare classes are still measured but never vanish from training.
 */
export function stratifiedSplit(
  labels: readonly number[],
  fractions: SplitFractions,
  seed: number,
): SplitIndices {
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  });
  const random = createRandom(seed);
  const split: SplitIndices = { train: [], validation: [], test: [] };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace([...(byClass.get(label) ?? [])], random);
    const n = rows.length;
    let nTest = fractions.test > 0 ? Math.round(n * fractions.test) : 0;
    let nValidation = fractions.validation > 0 ? Math.round(n * fractions.validation) : 0;
    if (fractions.test > 0 && nTest === 0 && n >= 2) nTest = 1;
    if (fractions.validation > 0 && nValidation === 0 && n >= 3) nValidation = 1;
    while (nTest + nValidation > n - 1 && (nTest > 0 || nValidation > 0)) {
      if (nValidation >= nTest && nValidation > 0) nValidation--;
      else nTest--;
    }
    split.test.push(...rows.slice(0, nTest));
    split.validation.push(...rows.slice(nTest, nTest + nValidation));
    split.train.push(...rows.slice(nTest + nValidation));
  }
  for (const part of [split.train, split.validation, split.test]) part.sort((a, b) => a - b);
  return split;
}

/**
 * The seeded stratified split of a catalogue's rows by their class ids (-1: not trained on,
 * left out of every part), as dataset row positions.
 */
export function splitPositions(
  classes: ArrayLike<number>,
  seed: number,
  heldOut: HeldOutShares,
): SplitPositions {
  const kept: number[] = [];
  for (let position = 0; position < classes.length; position++)
    if ((classes[position] as number) >= 0) kept.push(position);
  const split = stratifiedSplit(
    kept.map((position) => classes[position] as number),
    heldOut,
    seed,
  );
  const toPositions = (ids: number[]) => Int32Array.from(ids, (i) => kept[i] as number);
  return {
    train: toPositions(split.train),
    validation: toPositions(split.validation),
    test: toPositions(split.test),
  };
}
