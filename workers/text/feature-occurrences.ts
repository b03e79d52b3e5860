import { hashString } from './hash.ts';
import {
  CHAR_SEED,
  CJK_SEED,
  pushNgrams,
  tokenize,
  WORD_SEED,
  type TokenizerConfig,
} from './tokenize.ts';

/** A piece of the normalised text an explanation can colour: a Latin word or one CJK character. */
export interface TextUnit {
  text: string;
  start: number;
  end: number;
}

/** One hashed n-gram occurrence and the units it was built from. */
export interface Occurrence {
  hash: number;
  units: number[];
}

export interface FeatureOccurrences {
  units: TextUnit[];
  word: Occurrence[];
  char: Occurrence[];
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/**
 * The same hashed features as `extractFeatures`, in the same order, each with the text units
 * it covers. Slower than `extractFeatures`; used to explain one product at a time.
 */
export function extractOccurrences(text: string, config: TokenizerConfig): FeatureOccurrences {
  const units: TextUnit[] = [];
  const word: Occurrence[] = [];
  const char: Occurrence[] = [];
  const tokenUnits: number[][] = [];
  const words: string[] = [];
  for (const token of tokenize(text)) {
    const first = units.length;
    if (token.isCjk) {
      let offset = token.start;
      for (const character of token.text) {
        units.push({ text: character, start: offset, end: offset + character.length });
        offset += character.length;
      }
      const count = units.length - first;
      const hashes: number[] = [];
      pushNgrams(token.text, config.cjkNgrams, CJK_SEED, hashes);
      // pushNgrams walks sizes, then start positions: replay that order to pair hashes with units.
      let k = 0;
      for (const n of config.cjkNgrams) {
        for (let i = 0; i + n <= count; i++)
          word.push({ hash: hashes[k++] as number, units: range(first + i, n) });
      }
    } else {
      units.push({ text: token.text, start: token.start, end: token.start + token.text.length });
      const hashes: number[] = [];
      pushNgrams(` ${token.text} `, config.charNgrams, CHAR_SEED, hashes);
      for (const hash of hashes) char.push({ hash, units: [first] });
    }
    tokenUnits.push(range(first, units.length - first));
    words.push(token.text);
  }
  for (const n of config.wordNgrams) {
    for (let i = 0; i + n <= words.length; i++) {
      word.push({
        hash: hashString(words.slice(i, i + n).join(' '), WORD_SEED + n),
        units: tokenUnits.slice(i, i + n).flat(),
      });
    }
  }
  return { units, word, char };
}
