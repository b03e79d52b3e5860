import type { FeatureSpace } from '@shared/db/records/model.ts';
import type { HashedFeatures, TokenizerConfig } from './tokenize.ts';
import { FeatureHasher } from './hash-features.ts';
import { HashCounter, HashToRow } from './hash-table.ts';
import { SegmentedRowsBuilder, type SegmentedRows } from './segmented-rows.ts';

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

/** The hashes counted in at least `minDf` documents, most frequent first, at most `limit`. */
function keepFrequent(
  df: HashCounter,
  minDf: number,
  limit: number,
): { hashes: Uint32Array; counts: Int32Array } {
  const { hashes, counts } = df.entries();
  const kept: number[] = [];
  for (let i = 0; i < hashes.length; i++) if ((counts[i] as number) >= minDf) kept.push(i);
  // Most frequent first, hash as a tie-break so the vocabulary is identical on every run.
  kept.sort(
    (a, b) =>
      (counts[b] as number) - (counts[a] as number) ||
      (hashes[a] as number) - (hashes[b] as number),
  );
  const chosen = kept.slice(0, limit);
  return {
    hashes: Uint32Array.from(chosen, (i) => hashes[i] as number),
    counts: Int32Array.from(chosen, (i) => counts[i] as number),
  };
}

/**
 * Document frequencies of the training texts, added one text at a time: only the counts are
 * kept, so a million texts need no more than their vocabulary, and the texts may arrive
 * chunk by chunk from storage.
 */
export class DocumentFrequencies {
  private readonly wordDf = new HashCounter();
  private readonly charDf = new HashCounter();
  private readonly hasher: FeatureHasher;
  private documents = 0;

  constructor(private readonly tokenizer: TokenizerConfig) {
    this.hasher = new FeatureHasher(tokenizer);
  }

  add(text: string): void {
    const { hasher, documents } = this;
    hasher.hash(text);
    for (let i = 0; i < hasher.wordCount; i++) this.wordDf.add(hasher.word[i] as number, documents);
    for (let i = 0; i < hasher.charCount; i++) this.charDf.add(hasher.char[i] as number, documents);
    this.documents++;
  }

  /** The vocabulary and IDF of the texts added so far. */
  toSpace(options: FeatureSpaceOptions = DEFAULT_FEATURE_SPACE_OPTIONS): FeatureSpace {
    const { wordDf, charDf, documents: n } = this;
    const wordShare = wordDf.size / Math.max(1, wordDf.size + charDf.size);
    const wordLimit = Math.round(options.maxFeatures * wordShare);
    const words = keepFrequent(wordDf, options.minDf, wordLimit);
    const chars = keepFrequent(charDf, options.minDf, options.maxFeatures - words.hashes.length);
    const idf = new Float32Array(words.hashes.length + chars.hashes.length);
    let row = 0;
    for (const { counts } of [words, chars]) {
      for (const count of counts) idf[row++] = Math.log((1 + n) / (1 + count)) + 1;
    }
    return {
      tokenizer: this.tokenizer,
      wordHashes: words.hashes,
      charHashes: chars.hashes,
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
  private readonly word: HashToRow;
  private readonly char: HashToRow;
  private readonly hasher: FeatureHasher;
  /** Per table row: the last group that saw it (a stamp) and its count there. */
  private readonly seenIn: Int32Array;
  private readonly counts: Int32Array;
  private stamp = 0;
  private distinct = new Int32Array(256);
  private repeated = new Float64Array(64);
  private readonly lnCount = new Float64Array(64).map((_, c) => (c > 0 ? 1 + Math.log(c) : 0));

  constructor(readonly space: FeatureSpace) {
    this.word = new HashToRow(space.wordHashes, 0);
    this.char = new HashToRow(space.charHashes, space.wordHashes.length);
    this.hasher = new FeatureHasher(space.tokenizer);
    const rows = featureCount(space);
    this.seenIn = new Int32Array(rows);
    this.counts = new Int32Array(rows);
  }

  /** Table row of a hashed feature of `group`, or undefined when training never saw it. */
  rowOf(group: 'word' | 'char', hash: number): number | undefined {
    const row = (group === 'word' ? this.word : this.char).get(hash);
    return row < 0 ? undefined : row;
  }

  vectorize(text: string): SparseRow {
    this.hasher.hash(text);
    const { hasher } = this;
    return this.toSparseRow(hasher.word, hasher.wordCount, hasher.char, hasher.charCount);
  }

  vectorizeFeatures(features: HashedFeatures): SparseRow {
    const word = Uint32Array.from(features.word);
    const char = Uint32Array.from(features.char);
    return this.toSparseRow(word, word.length, char, char.length);
  }

  /** Appends the TF-IDF row of `text` to `builder` (the hot path: no allocation per row). */
  appendTo(builder: SegmentedRowsBuilder, text: string): void {
    const { hasher } = this;
    hasher.hash(text);
    this.appendGroup(builder, hasher.word, hasher.wordCount, this.word);
    this.appendGroup(builder, hasher.char, hasher.charCount, this.char);
    builder.endRow();
  }

  /** The TF-IDF rows of `texts`, in order, in one compact block. */
  vectorizeAll(texts: Iterable<string>): SegmentedRows {
    const builder = new SegmentedRowsBuilder(this.space.idf);
    for (const text of texts) this.appendTo(builder, text);
    return builder.finish();
  }

  /** Distinct known rows of one group's hashes, counted; returns how many. */
  private countGroup(hashes: Uint32Array, count: number, rows: HashToRow): number {
    const stamp = ++this.stamp;
    const { seenIn, counts } = this;
    let distinct = 0;
    if (this.distinct.length < count) this.distinct = new Int32Array(count * 2);
    const list = this.distinct;
    for (let i = 0; i < count; i++) {
      const row = rows.get(hashes[i] as number);
      if (row < 0) continue;
      if (seenIn[row] !== stamp) {
        seenIn[row] = stamp;
        counts[row] = 1;
        list[distinct++] = row;
      } else {
        counts[row] = (counts[row] as number) + 1;
      }
    }
    return distinct;
  }

  private weightOf(count: number): number {
    return count < this.lnCount.length ? (this.lnCount[count] as number) : 1 + Math.log(count);
  }

  /** Euclidean norm of the group's sublinear TF-IDF weights (1 for an empty group). */
  private groupNorm(distinct: number): number {
    const { idf } = this.space;
    let squaredNorm = 0;
    for (let j = 0; j < distinct; j++) {
      const row = this.distinct[j] as number;
      const weight = this.weightOf(this.counts[row] as number) * (idf[row] ?? 0);
      squaredNorm += weight * weight;
    }
    return Math.sqrt(squaredNorm) || 1;
  }

  /**
   * One group's segments: the n-grams seen once share the scale 1 / norm; the rarer repeats
   * get one segment per count, (1 + ln count) / norm.
   */
  private appendGroup(
    builder: SegmentedRowsBuilder,
    hashes: Uint32Array,
    count: number,
    rows: HashToRow,
  ): void {
    const distinct = this.countGroup(hashes, count, rows);
    if (distinct === 0) return;
    const norm = this.groupNorm(distinct);
    const { counts } = this;
    const list = this.distinct;
    let repeats = 0;
    let opened = false;
    for (let j = 0; j < distinct; j++) {
      const row = list[j] as number;
      const seen = counts[row] as number;
      if (seen === 1) {
        if (!opened) {
          builder.segment(1 / norm);
          opened = true;
        }
        builder.entry(row);
      } else {
        if (repeats === this.repeated.length) {
          const bigger = new Float64Array(repeats * 2);
          bigger.set(this.repeated);
          this.repeated = bigger;
        }
        // Count in the high part, row in the low 2^24: sorting groups rows by count.
        this.repeated[repeats++] = seen * 16777216 + row;
      }
    }
    if (repeats === 0) return;
    const sorted = this.repeated.subarray(0, repeats).sort();
    let current = -1;
    for (let j = 0; j < repeats; j++) {
      const key = sorted[j] as number;
      const seen = Math.floor(key / 16777216);
      if (seen !== current) {
        builder.segment(this.weightOf(seen) / norm);
        current = seen;
      }
      builder.entry(key - seen * 16777216);
    }
  }

  private toSparseRow(
    wordHashes: Uint32Array,
    wordCount: number,
    charHashes: Uint32Array,
    charCount: number,
  ): SparseRow {
    const parts = [
      this.groupValues(wordHashes, wordCount, this.word),
      this.groupValues(charHashes, charCount, this.char),
    ];
    const length = (parts[0] as SparseRow).indices.length + (parts[1] as SparseRow).indices.length;
    const indices = new Int32Array(length);
    const values = new Float32Array(length);
    let offset = 0;
    for (const part of parts) {
      indices.set(part.indices, offset);
      values.set(part.values, offset);
      offset += part.indices.length;
    }
    return { indices, values };
  }

  /** One group's sublinear TF-IDF weights, L2-normalised, rows ascending. */
  private groupValues(hashes: Uint32Array, count: number, rows: HashToRow): SparseRow {
    const distinct = this.countGroup(hashes, count, rows);
    const indices = this.distinct.slice(0, distinct).sort();
    const values = new Float32Array(distinct);
    const norm = this.groupNorm(distinct);
    const { idf } = this.space;
    indices.forEach((row, k) => {
      const weight = Math.fround(this.weightOf(this.counts[row] as number) * (idf[row] ?? 0));
      values[k] = weight / norm;
    });
    return { indices, values };
  }
}
