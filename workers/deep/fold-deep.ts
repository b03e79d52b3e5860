import type { SavedTensor } from '@shared/db/records/model.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { StoredDeepModel } from '@shared/db/records/deep-model.ts';
import type { LabelledTexts } from '../train/fit-text-model.ts';
import { denseToSaved } from './deep-model.ts';
import type { DeepProgress } from './train-deep.ts';
import { trainDeepClassifier } from './train-deep.ts';
import { datasetEmbeddingStore, learnOrReuseVectors } from './subword-embeddings.ts';
import { DEFAULT_DEEP_RECIPE } from './fit-deep.ts';
import { TypeEncoder } from './subword-vocab.ts';
import * as tf from '@tensorflow/tfjs';

/**
 * The deep half of a "Best" model trained again on some rows only (one fold of a cross-check):
 * the same vectors (those of the dataset's texts, reused), architecture and mix as the model's.
 */
export async function trainFoldDeepModel(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: {
    datasetId: string;
    datasetTexts: readonly string[];
    model: StoredDeepModel;
    train: LabelledTexts;
    seed: number;
  },
  onProgress: (progress: DeepProgress) => void,
): Promise<StoredDeepModel> {
  const vectors = await learnOrReuseVectors(
    signal,
    request.datasetId,
    request.datasetTexts,
    datasetEmbeddingStore(db, request.datasetId),
  );
  const encoder = new TypeEncoder(vectors.vocab);
  const started = performance.now();
  const network = await trainDeepClassifier(
    signal,
    {
      shape: request.model.shape,
      types: encoder.types,
      units: vectors.record.units.slice(),
      texts: request.train.texts.map((text) => encoder.encode(text)),
      classes: request.train.classes,
    },
    { ...DEFAULT_DEEP_RECIPE.train, seed: request.seed },
    onProgress,
  );
  let dense: SavedTensor[];
  try {
    dense = await denseToSaved(network.params);
  } finally {
    tf.dispose(Object.values(network.params));
  }
  return {
    ...request.model,
    subword: vectors.vocab.config,
    unitHashes: vectors.vocab.unitHashes,
    units: network.units,
    dense,
    trainMs: performance.now() - started,
  };
}
