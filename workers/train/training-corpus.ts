import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { productText } from '../text/product-text.ts';
import type { TrainingCorpus } from './training-rows.ts';

/**
 * A dataset's texts and labels (the shop's corrections applied), read chunk by chunk: the
 * stored records are dropped as soon as their two columns are taken, and every label is one
 * shared string however many rows carry it.
 */
export async function readTrainingCorpus(
  db: ShelfwiseDb,
  datasetId: string,
): Promise<TrainingCorpus> {
  const corrections = await readCorrections(db, datasetId);
  const labels = new Map<string, string>();
  const texts: string[] = [];
  const categories: string[] = [];
  for await (const chunk of readRowChunks(db, datasetId)) {
    chunk.rows.forEach((row, r) => {
      const label = corrections.get(chunk.first + r)?.label ?? row.category;
      if (!labels.has(label)) labels.set(label, label);
      texts.push(productText(row));
      categories.push(labels.get(label) as string);
    });
  }
  return { texts, categories };
}
