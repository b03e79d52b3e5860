import {
  CHAR_SEED,
  CJK_SEED,
  normalizeText,
  pushNgrams,
  tokenizeNormalized,
  WORD_SEED,
  type TokenizerConfig,
} from './tokenize.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;
const APOSTROPHE = 39;
const DOT = 46;

function grown<T extends Uint32Array | Int32Array | Uint16Array | Uint8Array>(
  array: T,
  needed: number,
): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(
    Math.max(needed, array.length * 2),
  );
  bigger.set(array);
  return bigger;
}

/** Lower-case ASCII letter or digit, the only word characters an ASCII text has. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** ASCII lower-casing of one code unit (a no-op on text already lower-cased). */
function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * The hashed n-grams of `extractFeatures` (the same multiset of word and character hashes),
 * written into reusable typed buffers instead of fresh arrays and strings. Texts in ASCII,
 * most catalogue titles, skip NFKC (which leaves ASCII unchanged) and the Unicode regular
 * expression: a plain scanner finds the same tokens. Other texts take the regular expression.
 */
export class FeatureHasher {
  /** Word-group hashes (word n-grams and CJK character n-grams) of the last text. */
  word = new Uint32Array(256);
  wordCount = 0;
  /** Character n-gram hashes of the last text. */
  char = new Uint32Array(1024);
  charCount = 0;

  private source = '';
  private tokenStart = new Int32Array(64);
  private tokenEnd = new Int32Array(64);
  private tokenCjk = new Uint8Array(64);
  private tokenCount = 0;
  /** Code units of one token with a space on each side (character n-grams are padded). */
  private codes = new Uint16Array(256);
  private readonly slowHashes: number[] = [];

  constructor(readonly config: TokenizerConfig) {}

  hash(text: string): void {
    this.wordCount = 0;
    this.charCount = 0;
    this.tokenCount = 0;
    if (isAscii(text)) this.scanAscii(text);
    else this.scanUnicode(text);
    for (let t = 0; t < this.tokenCount; t++) this.hashToken(t);
    this.hashWordNgrams();
  }

  private addToken(start: number, end: number, cjk: boolean): void {
    const t = this.tokenCount++;
    if (t >= this.tokenStart.length) {
      this.tokenStart = grown(this.tokenStart, t + 1);
      this.tokenEnd = grown(this.tokenEnd, t + 1);
      this.tokenCjk = grown(this.tokenCjk, t + 1);
    }
    this.tokenStart[t] = start;
    this.tokenEnd[t] = end;
    this.tokenCjk[t] = cjk ? 1 : 0;
  }

  /** Tokens of `[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*` restricted to ASCII, lower-cased on the fly. */
  private scanAscii(text: string): void {
    this.source = text;
    const length = text.length;
    let i = 0;
    while (i < length) {
      if (!isAsciiWordChar(lower(text.charCodeAt(i)))) {
        i++;
        continue;
      }
      const start = i;
      while (i < length && isAsciiWordChar(lower(text.charCodeAt(i)))) i++;
      while (i + 1 < length) {
        const separator = text.charCodeAt(i);
        if (separator !== APOSTROPHE && separator !== DOT) break;
        if (!isAsciiWordChar(lower(text.charCodeAt(i + 1)))) break;
        i += 1;
        while (i < length && isAsciiWordChar(lower(text.charCodeAt(i)))) i++;
      }
      this.addToken(start, i, false);
    }
  }

  private scanUnicode(text: string): void {
    const normalized = normalizeText(text);
    this.source = normalized;
    for (const token of tokenizeNormalized(normalized))
      this.addToken(token.start, token.start + token.text.length, token.isCjk);
  }

  private pushWord(hash: number): void {
    if (this.wordCount === this.word.length) this.word = grown(this.word, this.wordCount + 1);
    this.word[this.wordCount++] = hash;
  }

  private pushChar(hash: number): void {
    if (this.charCount === this.char.length) this.char = grown(this.char, this.charCount + 1);
    this.char[this.charCount++] = hash;
  }

  /** Character n-grams of a token: padded for Latin words, unpadded over CJK runs. */
  private hashToken(t: number): void {
    const start = this.tokenStart[t] as number;
    const end = this.tokenEnd[t] as number;
    const cjk = this.tokenCjk[t] === 1;
    const source = this.source;
    if (hasSurrogate(source, start, end)) {
      // Code points, not code units, make the n-grams: the rare slow path of pushNgrams.
      const text = source.slice(start, end);
      const hashes = this.slowHashes;
      hashes.length = 0;
      if (cjk) {
        pushNgrams(text, this.config.cjkNgrams, CJK_SEED, hashes);
        for (const hash of hashes) this.pushWord(hash);
      } else {
        pushNgrams(` ${text} `, this.config.charNgrams, CHAR_SEED, hashes);
        for (const hash of hashes) this.pushChar(hash);
      }
      return;
    }
    const padding = cjk ? 0 : 1;
    const length = end - start + 2 * padding;
    if (length > this.codes.length) this.codes = grown(this.codes, length);
    const codes = this.codes;
    if (padding) {
      codes[0] = SPACE;
      codes[length - 1] = SPACE;
    }
    for (let i = start; i < end; i++) codes[i - start + padding] = lower(source.charCodeAt(i));
    const sizes = cjk ? this.config.cjkNgrams : this.config.charNgrams;
    const seedBase = cjk ? CJK_SEED : CHAR_SEED;
    for (const n of sizes) {
      const seed = seedBase + n;
      for (let i = 0; i + n <= length; i++) {
        let hash = (FNV_OFFSET ^ seed) >>> 0;
        for (let j = i; j < i + n; j++) {
          hash ^= codes[j] as number;
          hash = Math.imul(hash, FNV_PRIME);
        }
        if (cjk) this.pushWord(hash >>> 0);
        else this.pushChar(hash >>> 0);
      }
    }
  }

  /** Word n-grams: the tokens joined by one space, hashed in place. */
  private hashWordNgrams(): void {
    const source = this.source;
    const count = this.tokenCount;
    for (const n of this.config.wordNgrams) {
      for (let i = 0; i + n <= count; i++) {
        let hash = (FNV_OFFSET ^ (WORD_SEED + n)) >>> 0;
        for (let t = i; t < i + n; t++) {
          if (t > i) {
            hash ^= SPACE;
            hash = Math.imul(hash, FNV_PRIME);
          }
          const end = this.tokenEnd[t] as number;
          for (let c = this.tokenStart[t] as number; c < end; c++) {
            hash ^= lower(source.charCodeAt(c));
            hash = Math.imul(hash, FNV_PRIME);
          }
        }
        this.pushWord(hash >>> 0);
      }
    }
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

function hasSurrogate(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}
