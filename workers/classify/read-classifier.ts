import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readModel } from '@shared/db/model-store.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import { loadClassifier, type LoadedClassifier } from './classify.ts';

export interface StoredClassifier {
  classifier: LoadedClassifier;
  datasetId: string;
  split: SplitPositions | undefined;
}

/** A stored model, loaded to serve: its owner calls `releaseClassifier` when done with it. */
export async function readClassifier(db: ShelfwiseDb, modelId: string): Promise<StoredClassifier> {
  const { record, stored } = await readModel(db, modelId);
  return {
    classifier: loadClassifier(
      { ...record, space: stored.space, weights: stored.weights, deep: stored.deep },
      { serving: true },
    ),
    datasetId: record.datasetId,
    split: stored.split,
  };
}
