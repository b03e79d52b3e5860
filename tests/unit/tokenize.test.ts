import { describe, it, expect } from 'vitest';
import {
  DEFAULT_TOKENIZER,
  extractFeatures,
  normalizeText,
  tokenize,
  type TokenizerConfig,
} from '../../workers/text/tokenize.ts';
import { hashString } from '../../workers/text/hash.ts';

// Seeds as used by tokenize.ts: group base + n-gram order.
const WORD = (n: number) => 0x1000 + n;
const CHAR = (n: number) => 0x2000 + n;
const CJK = (n: number) => 0x3000 + n;

function charGrams(word: string, n: number): string[] {
  const padded = Array.from(` ${word} `);
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n).join(''));
  return out;
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('hashString', () => {
  it('is deterministic and unsigned 32-bit', () => {
    const a = hashString('phone case', 0x1002);
    const b = hashString('phone case', 0x1002);
    expect(a).toBe(b);
    expect(Number.isInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 32);
  });

  it('matches FNV-1a for seed 0 (offset basis for the empty string, known vector for "a")', () => {
    expect(hashString('', 0)).toBe(0x811c9dc5);
    expect(hashString('a', 0)).toBe(0xe40c292c);
  });

  it('never gives the same hash to one string under different group/order seeds', () => {
    const seeds = [1, 2, 3, 4].flatMap((n) => [WORD(n), CHAR(n), CJK(n)]);
    for (const text of ['', 'a', 'ab', ' ab ', 'phone', '手机', 'iphone 15', 'x'.repeat(40)]) {
      const hashes = seeds.map((seed) => hashString(text, seed));
      expect(new Set(hashes).size).toBe(seeds.length);
    }
  });

  it('distinguishes different strings under the same seed', () => {
    expect(hashString('ab', WORD(1))).not.toBe(hashString('ba', WORD(1)));
  });
});

describe('normalizeText', () => {
  it('lower-cases', () => {
    expect(normalizeText('iPhone CASE')).toBe('iphone case');
  });

  it('applies NFKC: full-width letters and digits, ligatures, compatibility forms', () => {
    expect(normalizeText('ＡＢＣ')).toBe('abc');
    expect(normalizeText('１２３')).toBe('123');
    expect(normalizeText('ﬁne')).toBe('fine');
    expect(normalizeText('e\u0301')).toBe('é');
  });
});

describe('tokenize', () => {
  it('splits English into lower-case tokens with offsets in the normalised text', () => {
    expect(tokenize('Blue  T-Shirt, XL!')).toEqual([
      { text: 'blue', isCjk: false, start: 0 },
      { text: 't', isCjk: false, start: 6 },
      { text: 'shirt', isCjk: false, start: 8 },
      { text: 'xl', isCjk: false, start: 15 },
    ]);
  });

  it("keeps apostrophes and dots inside words (men's, 2.5) but not at the edges", () => {
    expect(tokenize("Men's 2.5mm cable.").map((t) => t.text)).toEqual(["men's", '2.5mm', 'cable']);
  });

  it('normalises full-width text before tokenising', () => {
    expect(tokenize('ＡＢＣ　１２３').map((t) => t.text)).toEqual(['abc', '123']);
  });

  it('splits a CJK run that comes first from the Latin word after it', () => {
    expect(tokenize('华为Mate60')).toEqual([
      { text: '华为', isCjk: true, start: 0 },
      { text: 'mate60', isCjk: false, start: 2 },
    ]);
  });

  // \p{L} also matches Han: Latin words must stop where a CJK run starts.
  it('splits CJK runs from Latin words, even without spaces', () => {
    expect(tokenize('iPhone15手机壳Pro')).toEqual([
      { text: 'iphone15', isCjk: false, start: 0 },
      { text: '手机壳', isCjk: true, start: 8 },
      { text: 'pro', isCjk: false, start: 11 },
    ]);
  });

  it('returns nothing for punctuation only', () => {
    expect(tokenize(' -- !! ')).toEqual([]);
  });
});

describe('extractFeatures: English', () => {
  it('gives word 1- and 2-grams and char 2..4-grams of padded words', () => {
    const features = extractFeatures('Red Mug');
    // words: red, mug -> 2 unigrams + 1 bigram
    const expectedWord = [
      hashString('red', WORD(1)),
      hashString('mug', WORD(1)),
      hashString('red mug', WORD(2)),
    ];
    expect(sorted(features.word)).toEqual(sorted(expectedWord));
    // ' red ' and ' mug ' have 5 chars each: 4 + 3 + 2 = 9 char n-grams per word, 18 in all.
    const expectedChar = ['red', 'mug'].flatMap((w) =>
      [2, 3, 4].flatMap((n) => charGrams(w, n).map((g) => hashString(g, CHAR(n)))),
    );
    expect(features.char).toHaveLength(18);
    expect(sorted(features.char)).toEqual(sorted(expectedChar));
    expect(features.char).toContain(hashString(' re', CHAR(3)));
    expect(features.char).toContain(hashString('mug ', CHAR(4)));
  });

  it('is case- and width-insensitive and deterministic', () => {
    const a = extractFeatures('Red Mug');
    expect(extractFeatures('red mug')).toEqual(a);
    expect(extractFeatures('ＲＥＤ ＭＵＧ')).toEqual(a);
    expect(extractFeatures('Red Mug')).toEqual(a);
  });

  it('keeps repeats (occurrences, not a set)', () => {
    const features = extractFeatures('mug mug');
    const mug = hashString('mug', WORD(1));
    expect(features.word.filter((h) => h === mug)).toHaveLength(2);
    expect(features.word).toContain(hashString('mug mug', WORD(2)));
    expect(features.char).toHaveLength(18);
  });

  it('word and char hashes of the same string differ', () => {
    // the word "ab" is a word unigram, and its padded form " ab " gives the char 2-gram "ab"
    const features = extractFeatures('ab');
    expect(features.word).toContain(hashString('ab', WORD(1)));
    expect(features.char).toContain(hashString('ab', CHAR(2)));
    expect(features.word).not.toContain(hashString('ab', CHAR(2)));
    expect(features.char).not.toContain(hashString('ab', WORD(1)));
  });

  it('follows the config', () => {
    const config: TokenizerConfig = { wordNgrams: [1, 2, 3], charNgrams: [3], cjkNgrams: [1] };
    const features = extractFeatures('a b c', config);
    // 3 unigrams + 2 bigrams + 1 trigram
    expect(features.word).toHaveLength(6);
    expect(features.word).toContain(hashString('a b c', WORD(3)));
    // ' a ' has exactly one 3-gram per word
    expect(sorted(features.char)).toEqual(
      sorted(['a', 'b', 'c'].map((w) => hashString(` ${w} `, CHAR(3)))),
    );
  });

  it('returns empty groups for empty text', () => {
    expect(extractFeatures('')).toEqual({ word: [], char: [] });
  });
});

describe('extractFeatures: Chinese', () => {
  it('gives CJK character 1..3-grams as word features and no char features', () => {
    expect(DEFAULT_TOKENIZER.cjkNgrams).toEqual([1, 2, 3]);
    const features = extractFeatures('华为手机壳');
    const chars = ['华', '为', '手', '机', '壳'];
    const grams: number[] = [];
    for (const n of [1, 2, 3]) {
      for (let i = 0; i + n <= chars.length; i++) {
        grams.push(hashString(chars.slice(i, i + n).join(''), CJK(n)));
      }
    }
    // 5 unigrams + 4 bigrams + 3 trigrams = 12 CJK n-grams,
    // plus the run itself as one word unigram (one token -> no word bigram): 13.
    expect(grams).toHaveLength(12);
    expect(features.word).toHaveLength(13);
    expect(sorted(features.word)).toEqual(sorted([...grams, hashString('华为手机壳', WORD(1))]));
    expect(features.word).toContain(hashString('手机', CJK(2)));
    expect(features.word).toContain(hashString('手机壳', CJK(3)));
    expect(features.char).toEqual([]);
  });

  it('a CJK 1-gram and a word unigram of the same character do not collide', () => {
    const features = extractFeatures('壳');
    expect(features.word).toHaveLength(2);
    expect(features.word[0]).not.toBe(features.word[1]);
    expect(sorted(features.word)).toEqual(
      sorted([hashString('壳', CJK(1)), hashString('壳', WORD(1))]),
    );
  });

  it('counts follow a custom config', () => {
    const features = extractFeatures('华为手机壳', {
      wordNgrams: [1],
      charNgrams: [2],
      cjkNgrams: [2],
    });
    // 4 CJK bigrams + 1 word unigram
    expect(features.word).toHaveLength(5);
  });
});

describe('extractFeatures: mixed text', () => {
  it('combines Latin words, numbers and CJK runs', () => {
    const features = extractFeatures('iPhone 15 手机壳 Pro');
    const words = ['iphone', '15', '手机壳', 'pro'];
    // word group: CJK 3 + 2 + 1 = 6, word unigrams 4, word bigrams 3 -> 13
    expect(features.word).toHaveLength(13);
    expect(features.word).toContain(hashString('15 手机壳', WORD(2)));
    expect(features.word).toContain(hashString('手机壳 pro', WORD(2)));
    expect(features.word).toContain(hashString('机壳', CJK(2)));
    for (const w of words) expect(features.word).toContain(hashString(w, WORD(1)));
    // char group, Latin words only: ' iphone ' 7+6+5, ' 15 ' 3+2+1, ' pro ' 4+3+2 = 33
    expect(features.char).toHaveLength(33);
    const expectedChar = ['iphone', '15', 'pro'].flatMap((w) =>
      [2, 3, 4].flatMap((n) => charGrams(w, n).map((g) => hashString(g, CHAR(n)))),
    );
    expect(sorted(features.char)).toEqual(sorted(expectedChar));
    // no char n-grams of the CJK run
    expect(features.char).not.toContain(hashString(' 手', CHAR(2)));
  });

  it('is deterministic across calls', () => {
    expect(extractFeatures('iPhone 15 手机壳 Pro')).toEqual(
      extractFeatures('iPhone 15 手机壳 Pro'),
    );
  });
});
