import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { splitPositions } from '@shared/split.ts';
import type { HeldOutShares } from '@shared/contracts/train.ts';
import type { FixedSplit } from './training-rows.ts';

/** Part of the split a dataset row belongs to (`Part.None`: its label is not trained on). */
export const Part = { Train: 0, Validation: 1, Test: 2, None: 3 } as const;

/**
 * What training keeps in memory of a catalogue too large to hold its texts: a class id and a
 * part of the split per row, in typed arrays (5 bytes a row). The texts stay in storage and
 * are read chunk by chunk whenever a pass needs them.
 */
export interface CompactCorpus {
  datasetId: string;
  labels: string[];
  /** Categories left out for having fewer rows than `minClassSize`. */
  excludedLabels: string[];
  /** Class id of every dataset row, an index into `labels`; -1 for a label not trained on. */
  classes: Int32Array;
  /** `Part` of every dataset row. */
  parts: Uint8Array;
  /** Dataset positions of each part, ascending: the order in which its rows are streamed. */
  positions: SplitPositions;
}

function grow(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (length <= array.length) return array;
  const grown = new Int32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * Reads a dataset's labels (corrections applied) chunk by chunk into a `CompactCorpus` and
 * splits it exactly as `splitCorpus` would split the same rows held in memory.
 */
export async function readCompactCorpus(
  db: ShelfwiseDb,
  datasetId: string,
  seed: number,
  heldOut: HeldOutShares,
  minClassSize = 1,
  fixed?: FixedSplit,
): Promise<CompactCorpus> {
  const corrections = await readCorrections(db, datasetId);
  const categoryIds = new Map<string, number>();
  let rowCategories = new Int32Array(1024);
  let rowCount = 0;
  for await (const chunk of readRowChunks(db, datasetId)) {
    rowCategories = grow(rowCategories, chunk.first + chunk.rows.length);
    chunk.rows.forEach((row, r) => {
      const label = corrections.get(chunk.first + r)?.label ?? row.category;
      let id = categoryIds.get(label);
      if (id === undefined) categoryIds.set(label, (id = categoryIds.size));
      rowCategories[chunk.first + r] = id;
    });
    rowCount = chunk.first + chunk.rows.length;
  }
  const categories = [...categoryIds.keys()];
  const counts = new Int32Array(categories.length);
  for (let p = 0; p < rowCount; p++) {
    const id = rowCategories[p] as number;
    counts[id] = (counts[id] as number) + 1;
  }
  const countOf = (label: string) => counts[categoryIds.get(label) as number] as number;
  const labels = fixed
    ? [...fixed.labels]
    : categories.filter((label) => countOf(label) >= minClassSize).sort();
  const excludedLabels = fixed
    ? []
    : categories.filter((label) => countOf(label) < minClassSize).sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const classOfCategory = Int32Array.from(categories, (label) => classOf.get(label) ?? -1);
  const classes = new Int32Array(rowCount);
  for (let p = 0; p < rowCount; p++)
    classes[p] = classOfCategory[rowCategories[p] as number] as number;

  const positions = fixed?.split ?? splitPositions(classes, seed, heldOut);
  const parts = new Uint8Array(rowCount).fill(Part.None);
  const kept = (ids: Int32Array, part: number) => {
    const usable = ids.filter((p) => p < rowCount && (classes[p] as number) >= 0).sort();
    for (const p of usable) parts[p] = part;
    return usable;
  };
  return {
    datasetId,
    labels,
    excludedLabels,
    classes,
    parts,
    positions: {
      train: kept(positions.train, Part.Train),
      validation: kept(positions.validation, Part.Validation),
      test: kept(positions.test, Part.Test),
    },
  };
}
