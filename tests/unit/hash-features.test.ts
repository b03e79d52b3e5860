import { describe, expect, it } from 'vitest';
import { FeatureHasher } from '../../workers/text/hash-features.ts';
import { DEFAULT_TOKENIZER, extractFeatures } from '../../workers/text/tokenize.ts';
import { FeatureIndex, fitFeatureSpace } from '../../workers/text/feature-space.ts';
import { readStoredRows } from './catalogue-fixture.ts';

const TEXTS = [
  ...readStoredRows('tests/fixtures/small-catalogue.csv').map((row) => row.title),
  "Don't stop: a..b a.b.c abc. x' 1.5L 2'3",
  'Ünïcödé Straße Café',
  'iPhone15手机壳 透明 防摔',
  '𠀀𠀁 abc 😀 ＡＢＣ full-width',
  "l'été rock’n’roll ﬁne İstanbul",
  '',
  '   \t\n',
  'UPPER lower MiXeD 12345',
];

const sorted = (values: ArrayLike<number>) => Array.from(values).sort((a, b) => a - b);

describe('FeatureHasher', () => {
  it('gives the same word and character hashes as extractFeatures, ASCII or not', () => {
    const hasher = new FeatureHasher(DEFAULT_TOKENIZER);
    for (const text of TEXTS) {
      const reference = extractFeatures(text, DEFAULT_TOKENIZER);
      hasher.hash(text);
      expect(sorted(hasher.word.subarray(0, hasher.wordCount)), text).toEqual(
        sorted(reference.word),
      );
      expect(sorted(hasher.char.subarray(0, hasher.charCount)), text).toEqual(
        sorted(reference.char),
      );
    }
  });

  it('follows other n-gram orders too', () => {
    const config = { wordNgrams: [1, 3], charNgrams: [3, 5], cjkNgrams: [2] };
    const hasher = new FeatureHasher(config);
    for (const text of TEXTS) {
      const reference = extractFeatures(text, config);
      hasher.hash(text);
      expect(sorted(hasher.word.subarray(0, hasher.wordCount))).toEqual(sorted(reference.word));
      expect(sorted(hasher.char.subarray(0, hasher.charCount))).toEqual(sorted(reference.char));
    }
  });
});

describe('FeatureIndex.vectorizeAll', () => {
  it('stores each row as segments whose scale times IDF is the TF-IDF value', () => {
    const space = fitFeatureSpace(TEXTS, DEFAULT_TOKENIZER);
    const index = new FeatureIndex(space);
    // Repeats inside one title: "aa aa aa" has n-grams seen three times.
    const texts = [...TEXTS, 'aa aa aa bb', 'unseen zzzz qqqq'];
    const rows = index.vectorizeAll(texts);
    expect(rows.rowCount).toBe(texts.length);
    texts.forEach((text, r) => {
      const expected = new Map<number, number>();
      const sparse = index.vectorize(text);
      sparse.indices.forEach((feature, k) => expected.set(feature, sparse.values[k] as number));
      const actual = new Map<number, number>();
      for (let s = rows.rowStarts[r]!; s < rows.rowStarts[r + 1]!; s++) {
        for (let k = rows.segmentStarts[s]!; k < rows.segmentStarts[s + 1]!; k++) {
          const feature = rows.features[k]!;
          expect(actual.has(feature)).toBe(false);
          actual.set(feature, rows.scales[s]! * space.idf[feature]!);
        }
      }
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [feature, value] of expected) expect(actual.get(feature)).toBeCloseTo(value, 6);
    });
  });
});
