import type { TokenizerConfig } from '@shared/db/records/model.ts';
import { extractFeatures } from '../text/tokenize.ts';

/**
 * Lighter than the classifier's n-grams: names are short, and 10k taxonomy nodes must be
 * indexed in a second or two. Words, character trigrams, CJK characters and pairs.
 */
export const PROFILE_NGRAMS: TokenizerConfig = {
  wordNgrams: [1],
  charNgrams: [3],
  cjkNgrams: [1, 2],
};
/** A query keeps its strongest n-grams only: common ones touch thousands of postings for little. */
const QUERY_NGRAMS = 300;

/** A sparse, L2-normalised TF-IDF vector of hashed word and character n-grams. */
export type Profile = Map<number, number>;

/** Raw n-gram counts of a text (word, character and CJK n-grams, as the classifier uses). */
export function countNgrams(text: string): Map<number, number> {
  const { word, char } = extractFeatures(text, PROFILE_NGRAMS);
  const counts = new Map<number, number>();
  for (const hash of word) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  // Character hashes use their own seeds, so they never collide with word hashes.
  for (const hash of char) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  return counts;
}

/** Smoothed IDF over a collection of documents, as sklearn computes it. */
export function inverseDocumentFrequency(
  documents: readonly Map<number, number>[],
): Map<number, number> {
  const df = new Map<number, number>();
  for (const doc of documents) for (const hash of doc.keys()) df.set(hash, (df.get(hash) ?? 0) + 1);
  const n = documents.length;
  const idf = new Map<number, number>();
  for (const [hash, count] of df) idf.set(hash, Math.log((1 + n) / (1 + count)) + 1);
  return idf;
}

/** Sublinear tf times idf, L2-normalised; n-grams unknown to `idf` get the rarest weight. */
export function toProfile(
  counts: Map<number, number>,
  idf: Map<number, number>,
  unseenIdf: number,
): Profile {
  const profile: Profile = new Map();
  let norm = 0;
  for (const [hash, count] of counts) {
    const weight = (1 + Math.log(count)) * (idf.get(hash) ?? unseenIdf);
    profile.set(hash, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [hash, weight] of profile) profile.set(hash, weight / norm);
  return profile;
}

/**
 * Profiles of many documents with an inverted index, so one query is scored against all of
 * them by touching only the documents that share an n-gram with it.
 */
export class ProfileIndex {
  readonly idf: Map<number, number>;
  private readonly unseenIdf: number;
  private readonly postingDocs = new Map<number, number[]>();
  private readonly postingWeights = new Map<number, number[]>();

  constructor(
    texts: readonly string[],
    readonly size = texts.length,
  ) {
    const counts = texts.map(countNgrams);
    this.idf = inverseDocumentFrequency(counts);
    this.unseenIdf = Math.log(1 + texts.length) + 1;
    counts.forEach((count, doc) => {
      for (const [hash, weight] of toProfile(count, this.idf, this.unseenIdf)) {
        const docs = this.postingDocs.get(hash);
        if (docs) {
          docs.push(doc);
          this.postingWeights.get(hash)?.push(weight);
        } else {
          this.postingDocs.set(hash, [doc]);
          this.postingWeights.set(hash, [weight]);
        }
      }
    });
  }

  profile(text: string): Profile {
    const full = toProfile(countNgrams(text), this.idf, this.unseenIdf);
    if (full.size <= QUERY_NGRAMS) return full;
    return new Map([...full].sort((a, b) => b[1] - a[1]).slice(0, QUERY_NGRAMS));
  }

  /** Cosine similarity of `query` with every document. */
  similarities(query: Profile): Float32Array {
    const scores = new Float32Array(this.size);
    for (const [hash, weight] of query) {
      const docs = this.postingDocs.get(hash);
      const weights = this.postingWeights.get(hash);
      if (!docs || !weights) continue;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        scores[doc] = (scores[doc] ?? 0) + weight * (weights[i] as number);
      }
    }
    return scores;
  }
}
