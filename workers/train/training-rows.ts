import type { SplitPositions } from '@shared/db/records/model.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { splitPositions } from '@shared/split.ts';
import type { HeldOutShares } from '@shared/contracts/train.ts';
import { productText } from '../text/product-text.ts';
import type { LabelledTexts } from './fit-text-model.ts';

export interface TrainingRows {
  labels: string[];
  train: LabelledTexts;
  validation: LabelledTexts;
  test: LabelledTexts;
  /** Dataset row positions of each part, to find the products behind a figure. */
  positions: SplitPositions;
  /** Categories left out for having fewer rows than `minClassSize`. */
  excludedLabels: string[];
}

/** Continue from a model: its labels and, when stored, its split. */
export interface FixedSplit {
  labels: readonly string[];
  split?: SplitPositions;
}

/**
 * The two columns of a catalogue that training reads: each row's product text and label.
 * A million rows held this way take a fraction of the memory of their stored records.
 */
export interface TrainingCorpus {
  texts: string[];
  categories: string[];
}

export function corpusOf(rows: readonly StoredRow[]): TrainingCorpus {
  return { texts: rows.map(productText), categories: rows.map((row) => row.category) };
}

function countLabels(categories: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  return counts;
}

/**
 * Seeded stratified split of a catalogue into train, validation and test texts. A fresh
 * run leaves out categories smaller than `minClassSize`; a retrain keeps its base model's
 * labels and split, so that both are judged on the same held-out rows (rows whose label is
 * not one of the model's are skipped).
 */
export function splitRows(
  rows: readonly StoredRow[],
  seed: number,
  heldOut: HeldOutShares,
  minClassSize = 1,
  fixed?: FixedSplit,
): TrainingRows {
  return splitCorpus(corpusOf(rows), seed, heldOut, minClassSize, fixed);
}

/** `splitRows` on the texts and labels alone. */
export function splitCorpus(
  corpus: TrainingCorpus,
  seed: number,
  heldOut: HeldOutShares,
  minClassSize = 1,
  fixed?: FixedSplit,
): TrainingRows {
  const { texts, categories } = corpus;
  const counts = countLabels(categories);
  const labels = fixed
    ? [...fixed.labels]
    : [...counts.keys()].filter((label) => (counts.get(label) as number) >= minClassSize).sort();
  const excludedLabels = fixed
    ? []
    : [...counts.keys()].filter((label) => (counts.get(label) as number) < minClassSize).sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const classes = categories.map((category) => classOf.get(category) ?? -1);

  const positions = fixed?.split ?? splitPositions(classes, seed, heldOut);
  // A retrain skips rows whose label its model does not know (a category left out before).
  const usable = (ids: Int32Array) =>
    ids.filter((position) => position < classes.length && (classes[position] as number) >= 0);
  const kept: SplitPositions = {
    train: usable(positions.train),
    validation: usable(positions.validation),
    test: usable(positions.test),
  };
  const part = (ids: Int32Array): LabelledTexts => ({
    texts: Array.from(ids, (position) => texts[position] as string),
    classes: Array.from(ids, (position) => classes[position] as number),
  });
  return {
    labels,
    train: part(kept.train),
    validation: part(kept.validation),
    test: part(kept.test),
    positions: kept,
    excludedLabels,
  };
}
