import type { FeatureSpace } from '@shared/db/records/model.ts';
import { extractFeatures, type HashedFeatures, type TokenizerConfig } from './tokenize.ts';

export type { FeatureSpace };

export interface FeatureSpaceOptions {
  minDf: number;
  maxFeatures: number;
}

export const DEFAULT_FEATURE_SPACE_OPTIONS: FeatureSpaceOptions = {
  minDf: 1,
  maxFeatures: 400_000,
};

/** One document as sparse TF-IDF: row indices and their weights, each group L2-normalised. */
export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

export function featureCount(space: FeatureSpace): number {
  return space.wordHashes.length + space.charHashes.length;
}

function addDocument(df: Map<number, number>, hashes: readonly number[]): void {
  for (const hash of new Set(hashes)) df.set(hash, (df.get(hash) ?? 0) + 1);
}

function keepFrequent(df: Map<number, number>, minDf: number, limit: number): [number, number][] {
  const kept = [...df].filter(([, count]) => count >= minDf);
  // Most frequent first, hash as a tie-break so the vocabulary is identical on every run.
  kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return kept.slice(0, limit);
}

/**
 * Document frequencies of the training texts, added one text at a time: only the counts are
 * kept, so a million texts need no more than their vocabulary, and the texts may arrive
 * chunk by chunk from storage.
 */
export class DocumentFrequencies {
  private readonly wordDf = new Map<number, number>();
  private readonly charDf = new Map<number, number>();
  private documents = 0;

  constructor(private readonly tokenizer: TokenizerConfig) {}

  add(text: string): void {
    const features = extractFeatures(text, this.tokenizer);
    addDocument(this.wordDf, features.word);
    addDocument(this.charDf, features.char);
    this.documents++;
  }

  /** The vocabulary and IDF of the texts added so far. */
  toSpace(options: FeatureSpaceOptions = DEFAULT_FEATURE_SPACE_OPTIONS): FeatureSpace {
    const { wordDf, charDf, documents: n } = this;
    const wordShare = wordDf.size / Math.max(1, wordDf.size + charDf.size);
    const wordLimit = Math.round(options.maxFeatures * wordShare);
    const words = keepFrequent(wordDf, options.minDf, wordLimit);
    const chars = keepFrequent(charDf, options.minDf, options.maxFeatures - words.length);
    const idf = new Float32Array(words.length + chars.length);
    [...words, ...chars].forEach(([, count], i) => {
      idf[i] = Math.log((1 + n) / (1 + count)) + 1;
    });
    return {
      tokenizer: this.tokenizer,
      wordHashes: Uint32Array.from(words, ([hash]) => hash),
      charHashes: Uint32Array.from(chars, ([hash]) => hash),
      idf,
    };
  }
}

/** Learns the vocabulary and IDF from the training texts, one text at a time. */
export function fitFeatureSpace(
  texts: Iterable<string>,
  tokenizer: TokenizerConfig,
  options: FeatureSpaceOptions = DEFAULT_FEATURE_SPACE_OPTIONS,
): FeatureSpace {
  const frequencies = new DocumentFrequencies(tokenizer);
  for (const text of texts) frequencies.add(text);
  return frequencies.toSpace(options);
}

/** Maps hashes to table rows; build once per model and reuse for every batch. */
export class FeatureIndex {
  private readonly word = new Map<number, number>();
  private readonly char = new Map<number, number>();

  constructor(readonly space: FeatureSpace) {
    space.wordHashes.forEach((hash, i) => this.word.set(hash, i));
    const offset = space.wordHashes.length;
    space.charHashes.forEach((hash, i) => this.char.set(hash, offset + i));
  }

  /** Table row of a hashed feature of `group`, or undefined when training never saw it. */
  rowOf(group: 'word' | 'char', hash: number): number | undefined {
    return (group === 'word' ? this.word : this.char).get(hash);
  }

  vectorize(text: string): SparseRow {
    return this.vectorizeFeatures(extractFeatures(text, this.space.tokenizer));
  }

  vectorizeFeatures(features: HashedFeatures): SparseRow {
    const word = this.rowsOf(features.word, this.word);
    const char = this.rowsOf(features.char, this.char);
    const indices = new Int32Array(distinctCount(word) + distinctCount(char));
    const values = new Float32Array(indices.length);
    const end = this.weighGroup(word, indices, values, 0);
    this.weighGroup(char, indices, values, end);
    return { indices, values };
  }

  /** Table rows of the known features, sorted so that repeats sit together. */
  private rowsOf(hashes: readonly number[], rows: Map<number, number>): Int32Array {
    const found = new Int32Array(hashes.length);
    let n = 0;
    for (const hash of hashes) {
      const row = rows.get(hash);
      if (row !== undefined) found[n++] = row;
    }
    return found.subarray(0, n).sort();
  }

  /** Writes sublinear TF-IDF weights of one group, L2-normalised, from `start`; returns the end. */
  private weighGroup(
    sortedRows: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    start: number,
  ): number {
    let out = start;
    let squaredNorm = 0;
    for (let i = 0; i < sortedRows.length;) {
      const row = sortedRows[i] as number;
      let count = 0;
      while (i < sortedRows.length && sortedRows[i] === row) {
        count++;
        i++;
      }
      const weight = (1 + Math.log(count)) * (this.space.idf[row] ?? 0);
      indices[out] = row;
      values[out++] = weight;
      squaredNorm += weight * weight;
    }
    const norm = Math.sqrt(squaredNorm) || 1;
    for (let k = start; k < out; k++) values[k] = (values[k] as number) / norm;
    return out;
  }
}

function distinctCount(sorted: Int32Array): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
