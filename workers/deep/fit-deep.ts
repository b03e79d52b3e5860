import type { SavedTensor } from '@shared/db/records/model.ts';
import type { NetworkShape, StoredDeepModel } from '@shared/db/records/deep-model.ts';
import { throwIfAborted } from '@shared/errors.ts';
import type { TrainProgress } from '@shared/contracts/train.ts';
import type { LabelledTexts } from '../train/fit-text-model.ts';
import { chooseMix, type ChosenMix } from './ensemble.ts';
import * as tf from '@tensorflow/tfjs';
import { denseToSaved, type LoadedDeepModel } from './deep-model.ts';
import {
  learnOrReuseVectors,
  type EmbeddingStore,
  type PretrainRecipe,
  DEFAULT_PRETRAIN_RECIPE,
} from './subword-embeddings.ts';
import { TypeEncoder } from './subword-vocab.ts';
import {
  DEFAULT_DEEP_TRAIN_OPTIONS,
  deepLogits,
  trainDeepClassifier,
  type DeepTrainOptions,
} from './train-deep.ts';

/** The deep half of the "Best" preset, as measured on the validation splits of the benchmark tasks. */
export interface DeepRecipe {
  pretrain: PretrainRecipe;
  shape: Omit<NetworkShape, 'classCount' | 'dim'>;
  train: DeepTrainOptions;
}

export const DEFAULT_DEEP_RECIPE: DeepRecipe = {
  pretrain: DEFAULT_PRETRAIN_RECIPE,
  shape: { architecture: 'cnn', filters: 96, widths: [1, 2, 3] },
  train: DEFAULT_DEEP_TRAIN_OPTIONS,
};

export interface DeepFitInput {
  datasetId: string;
  /** Texts the subword vectors learn from: every product of the dataset, labelled or not. */
  pretrainTexts: readonly string[];
  store: EmbeddingStore;
  labels: readonly string[];
  train: LabelledTexts;
  validation: LabelledTexts;
  /** The linear model's validation logits, row-major, in `validation` order. */
  linearValidationLogits: Float32Array;
  recipe?: DeepRecipe;
  seed?: number;
}

export interface FittedDeep {
  stored: StoredDeepModel;
  /** Scores the held-out rows without loading again. */
  loaded: LoadedDeepModel;
  chosen: ChosenMix;
  validationLogits: Float32Array;
}

/**
 * Learns (or reuses) the dataset's subword vectors, trains the deep classifier from them on the
 * training rows, and chooses its share of the ensemble on the validation rows.
 * @throws AbortError when cancelled
 */
export async function fitDeepModel(
  signal: AbortSignal | undefined,
  input: DeepFitInput,
  onProgress: (progress: TrainProgress) => void,
): Promise<FittedDeep> {
  const recipe = input.recipe ?? DEFAULT_DEEP_RECIPE;
  onProgress({ kind: 'prepare', stage: 'wordVectors' });
  const vectors = await learnOrReuseVectors(
    signal,
    input.datasetId,
    input.pretrainTexts,
    input.store,
    (progress) => onProgress({ kind: 'pretrain', ...progress }),
    recipe.pretrain,
  );
  throwIfAborted(signal);
  const encoder = new TypeEncoder(vectors.vocab);
  const shape: NetworkShape = {
    ...recipe.shape,
    dim: vectors.record.dim,
    classCount: input.labels.length,
  };
  const deepStarted = performance.now();
  const options = { ...recipe.train, seed: input.seed ?? recipe.train.seed };
  const network = await trainDeepClassifier(
    signal,
    {
      shape,
      types: encoder.types,
      units: vectors.record.units.slice(),
      texts: input.train.texts.map((text) => encoder.encode(text)),
      classes: input.train.classes,
    },
    options,
    (progress) => onProgress({ kind: 'deep', ...progress }),
  );
  // The layers leave the backend now: the loaded model uploads them per batch.
  let dense: SavedTensor[];
  try {
    dense = await denseToSaved(network.params);
  } finally {
    tf.dispose(Object.values(network.params));
  }
  const loaded: LoadedDeepModel = { shape, encoder, units: network.units, params: dense };
  const validationLogits = await deepLogits(
    loaded,
    encoder.types,
    input.validation.texts.map((text) => encoder.encode(text)),
  );
  const chosen = chooseMix(
    input.linearValidationLogits,
    validationLogits,
    input.labels.length,
    input.validation.classes,
    input.labels,
  );
  const stored: StoredDeepModel = {
    subword: vectors.vocab.config,
    unitHashes: vectors.vocab.unitHashes,
    shape,
    units: network.units,
    dense,
    mix: chosen.mix,
    pretrain: {
      textsHash: vectors.record.textsHash,
      texts: vectors.record.texts,
      epochs: vectors.record.epochs,
      trainMs: vectors.record.trainMs,
      reused: vectors.reused,
    },
    trainMs: performance.now() - deepStarted,
  };
  return { stored, loaded, chosen, validationLogits };
}
