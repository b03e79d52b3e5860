import type { TokenizerConfig } from '@shared/db/records/model.ts';
import { hashRange, hashString } from './hash.ts';

export type { TokenizerConfig };

/** Feature groups are normalised separately, like a union of two TF-IDF vectorisers. */
export const FEATURE_GROUPS = ['word', 'char'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

export const DEFAULT_TOKENIZER: TokenizerConfig = {
  wordNgrams: [1, 2],
  charNgrams: [2, 3, 4],
  cjkNgrams: [1, 2, 3],
};

/** A hashed feature occurrence: the group bit sits in the top of the seed so groups never collide. */
export interface HashedFeatures {
  word: number[];
  char: number[];
}

export const WORD_SEED = 0x1000;
export const CHAR_SEED = 0x2000;
export const CJK_SEED = 0x3000;

// Han, Hiragana, Katakana and Hangul are written without spaces: n-grams of characters stand in
// for words. U+30FC (the prolonged sound mark) is in no script but belongs to Katakana words.
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
// \p{L} includes Han, so Latin words exclude CJK explicitly: "iphone15手机壳" is two tokens.
const LATIN_CHAR = String.raw`(?:(?![${CJK}])[\p{L}\p{N}])`;
const TOKEN = new RegExp(`[${CJK}]+|${LATIN_CHAR}+(?:['’.]${LATIN_CHAR}+)*`, 'gu');

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface Token {
  text: string;
  isCjk: boolean;
  /** Offset in the normalised text, used to highlight explanations. */
  start: number;
}

export function tokenize(text: string): Token[] {
  const normalized = normalizeText(text);
  const tokens: Token[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const value = match[0];
    tokens.push({ text: value, isCjk: CJK_CHAR.test(value[0] ?? ''), start: match.index });
  }
  return tokens;
}

// Any UTF-16 surrogate: then code units are not characters and n-grams need the slow path.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Hashes of the character n-grams of `text`, by code point, appended to `out`. */
export function pushNgrams(
  text: string,
  sizes: readonly number[],
  seed: number,
  out: number[],
): void {
  if (!SURROGATE.test(text)) {
    // One code unit per character: hash substrings in place, no strings built (the hot path).
    for (const n of sizes) {
      for (let i = 0; i + n <= text.length; i++) out.push(hashRange(text, i, i + n, seed + n));
    }
    return;
  }
  const chars = Array.from(text);
  for (const n of sizes) {
    for (let i = 0; i + n <= chars.length; i++)
      out.push(hashString(chars.slice(i, i + n).join(''), seed + n));
  }
}

/** Turns one product text into hashed word and character n-gram occurrences (with repeats). */
export function extractFeatures(
  text: string,
  config: TokenizerConfig = DEFAULT_TOKENIZER,
): HashedFeatures {
  const tokens = tokenize(text);
  const word: number[] = [];
  const char: number[] = [];
  const words: string[] = [];
  for (const token of tokens) {
    if (token.isCjk) {
      // Chinese needs no segmenter: every run yields its character n-grams, which act as words.
      pushNgrams(token.text, config.cjkNgrams, CJK_SEED, word);
    } else {
      pushNgrams(` ${token.text} `, config.charNgrams, CHAR_SEED, char);
    }
    words.push(token.text);
  }
  for (const n of config.wordNgrams) {
    for (let i = 0; i + n <= words.length; i++) {
      word.push(hashString(words.slice(i, i + n).join(' '), WORD_SEED + n));
    }
  }
  return { word, char };
}
