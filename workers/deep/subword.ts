import { hashRange, hashString } from '../text/hash.ts';
import { tokenize } from '../text/tokenize.ts';
import type { SubwordConfig } from '@shared/db/records/deep-model.ts';

/**
 * The pieces a text is read in by the deep model. A Latin word is one position of the sequence
 * and is represented by itself plus its character n-grams (as in fastText), so that unseen or
 * misspelt words still get a vector ("sneakr" shares "snea", "neak" with "sneakers"). Chinese,
 * Japanese and Korean are written without spaces: each character is a position, represented by
 * itself and the two character bigrams it belongs to, which carry most of the words.
 */
export type { SubwordConfig };

export const DEFAULT_SUBWORD_CONFIG: SubwordConfig = { minN: 3, maxN: 5, maxPositions: 96 };

/** One position of a text: the hash of the word (or character) and of all its subword units. */
export interface SubwordPosition {
  /** Hash of the whole word or CJK character: the target a context predicts in pretraining. */
  word: number;
  /** Hashes of the units whose vectors are averaged into the position's vector, word first. */
  units: number[];
  /** Offsets in the normalised text, used to point at the words an explanation names. */
  start: number;
  end: number;
}

// Distinct seeds keep words, n-grams, CJK characters and bigrams in separate hash spaces.
const WORD_UNIT_SEED = 0x5100;
const NGRAM_UNIT_SEED = 0x5200;
const CJK_CHAR_SEED = 0x5300;
const CJK_BIGRAM_SEED = 0x5400;

function latinPosition(word: string, start: number, config: SubwordConfig): SubwordPosition {
  const whole = hashString(word, WORD_UNIT_SEED);
  const units = [whole];
  const padded = `<${word}>`;
  // Below the whole padded word's length: that one n-gram would repeat the word unit.
  for (let n = config.minN; n <= config.maxN && n < padded.length; n++) {
    for (let i = 0; i + n <= padded.length; i++) {
      units.push(hashRange(padded, i, i + n, NGRAM_UNIT_SEED + n));
    }
  }
  return { word: whole, units, start, end: start + word.length };
}

function cjkPositions(run: string, start: number, out: SubwordPosition[], limit: number): void {
  const chars = Array.from(run);
  let offset = start;
  for (let i = 0; i < chars.length && out.length < limit; i++) {
    const char = chars[i] as string;
    const whole = hashString(char, CJK_CHAR_SEED);
    const units = [whole];
    const previous = chars[i - 1];
    const next = chars[i + 1];
    if (previous !== undefined) units.push(hashString(previous + char, CJK_BIGRAM_SEED));
    if (next !== undefined) units.push(hashString(char + next, CJK_BIGRAM_SEED));
    out.push({ word: whole, units, start: offset, end: offset + char.length });
    offset += char.length;
  }
}

/** The positions of a product text, in reading order, at most `config.maxPositions`. */
export function subwordPositions(
  text: string,
  config: SubwordConfig = DEFAULT_SUBWORD_CONFIG,
): SubwordPosition[] {
  const out: SubwordPosition[] = [];
  for (const token of tokenize(text)) {
    if (out.length >= config.maxPositions) break;
    if (token.isCjk) cjkPositions(token.text, token.start, out, config.maxPositions);
    else out.push(latinPosition(token.text, token.start, config));
  }
  return out;
}
