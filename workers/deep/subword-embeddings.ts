import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { SubwordEmbeddingRecord } from '@shared/db/records/deep-model.ts';
import { rethrowQuota } from '@shared/errors.ts';
import { DEFAULT_SUBWORD_CONFIG } from './subword.ts';
import {
  buildVocab,
  DEFAULT_VOCAB_OPTIONS,
  TypeEncoder,
  type SubwordVocab,
} from './subword-vocab.ts';
import {
  DEFAULT_PRETRAIN_OPTIONS,
  pretrainSubwords,
  type PretrainOptions,
  type PretrainProgress,
} from './pretrain.ts';

/** Everything that decides what the vectors are: stored with them, so a change means relearning. */
export interface PretrainRecipe {
  subword: typeof DEFAULT_SUBWORD_CONFIG;
  vocab: typeof DEFAULT_VOCAB_OPTIONS;
  pretrain: PretrainOptions;
}

export const DEFAULT_PRETRAIN_RECIPE: PretrainRecipe = {
  subword: DEFAULT_SUBWORD_CONFIG,
  vocab: DEFAULT_VOCAB_OPTIONS,
  pretrain: DEFAULT_PRETRAIN_OPTIONS,
};

/**
 * A fingerprint of the texts, in order (two 32-bit FNV-1a hashes and the count): the same
 * texts give the same string, any edit, addition or removal another.
 */
export function textsFingerprint(texts: Iterable<string>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  let count = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
    }
    // A separator that no text contains, so "ab","c" and "a","bc" differ.
    a = Math.imul(a ^ 0xffff, 0x01000193);
    b = Math.imul(b ^ 0xffff, 0x5bd1e995) ^ (b >>> 15);
    count++;
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}-${count}`;
}

export interface LearnedVectors {
  vocab: SubwordVocab;
  record: SubwordEmbeddingRecord;
  /** True when stored vectors of the same texts and recipe were used as they were. */
  reused: boolean;
}

export interface EmbeddingStore {
  read(): Promise<SubwordEmbeddingRecord | undefined>;
  write(record: SubwordEmbeddingRecord): Promise<void>;
}

/** The dataset's record in IndexedDB. */
export function datasetEmbeddingStore(db: ShelfwiseDb, datasetId: string): EmbeddingStore {
  return {
    read: () => db.get('subwordEmbeddings', datasetId),
    write: async (record) => {
      await db
        .put('subwordEmbeddings', record)
        .catch(
          rethrowQuota(
            'Browser storage is full: the learnt word vectors could not be saved. Free some space (Storage panel) and train again.',
          ),
        );
    },
  };
}

export function vocabOf(record: SubwordEmbeddingRecord): SubwordVocab {
  return {
    config: JSON.parse(record.recipe).subword,
    unitHashes: record.unitHashes,
    wordHashes: record.wordHashes,
    wordCounts: record.wordCounts,
  };
}

/**
 * Subword vectors for a dataset's texts: the stored ones when they were learnt from the same
 * texts with the same recipe, otherwise learnt now (continuing a stopped run of the same texts
 * from its last epoch), with a checkpoint after every epoch.
 */
export async function learnOrReuseVectors(
  signal: AbortSignal | undefined,
  datasetId: string,
  texts: readonly string[],
  store: EmbeddingStore,
  onProgress?: (progress: PretrainProgress) => void,
  recipe: PretrainRecipe = DEFAULT_PRETRAIN_RECIPE,
): Promise<LearnedVectors> {
  const textsHash = textsFingerprint(texts);
  const recipeJson = JSON.stringify(recipe);
  const stored = await store.read();
  const same = stored?.textsHash === textsHash && stored.recipe === recipeJson;
  if (stored && same && stored.epochsDone >= stored.epochs) {
    return { vocab: vocabOf(stored), record: stored, reused: true };
  }
  const vocab = same && stored ? vocabOf(stored) : buildVocab(texts, recipe.subword, recipe.vocab);
  const encoder = new TypeEncoder(vocab);
  const encoded = texts.map((text) => encoder.encode(text));
  const started = performance.now();
  const earlierMs = same && stored ? stored.trainMs : 0;
  const base: Omit<SubwordEmbeddingRecord, 'units' | 'words' | 'epochsDone' | 'losses'> = {
    datasetId,
    textsHash,
    recipe: recipeJson,
    unitHashes: vocab.unitHashes,
    wordHashes: vocab.wordHashes,
    wordCounts: vocab.wordCounts,
    dim: recipe.pretrain.dim,
    epochs: recipe.pretrain.epochs,
    texts: texts.length,
    trainMs: 0,
    updatedAt: 0,
  };
  const resume =
    same && stored?.words
      ? {
          epoch: stored.epochsDone,
          units: stored.units,
          words: stored.words,
          losses: stored.losses,
        }
      : undefined;
  const result = await pretrainSubwords(
    signal,
    {
      types: encoder.types,
      unitCount: encoder.unitCount,
      wordCounts: vocab.wordCounts,
      texts: encoded,
    },
    recipe.pretrain,
    {
      onProgress,
      resume,
      onCheckpoint: (checkpoint) =>
        store.write({
          ...base,
          units: checkpoint.units,
          words: checkpoint.words,
          epochsDone: checkpoint.epoch,
          losses: checkpoint.losses,
          trainMs: earlierMs + performance.now() - started,
          updatedAt: Date.now(),
        }),
    },
  );
  const record: SubwordEmbeddingRecord = {
    ...base,
    units: result.units,
    words: null,
    epochsDone: recipe.pretrain.epochs,
    losses: result.losses,
    trainMs: earlierMs + performance.now() - started,
    updatedAt: Date.now(),
  };
  await store.write(record);
  return { vocab, record, reused: false };
}
