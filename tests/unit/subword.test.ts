import { describe, expect, it } from 'vitest';
import { subwordPositions } from '../../workers/deep/subword.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';

const surface = (text: string) =>
  subwordPositions(text).map((p) => text.normalize('NFKC').toLowerCase().slice(p.start, p.end));

describe('subword positions', () => {
  it('reads an English title as words, each with its character n-grams', () => {
    const positions = subwordPositions('Red Cotton T-Shirt');
    expect(surface('Red Cotton T-Shirt')).toEqual(['red', 'cotton', 't', 'shirt']);
    const cotton = positions[1]!;
    // "<cotton>" has 6 trigrams, 5 four-grams and 4 five-grams, plus the word itself.
    expect(cotton.units).toHaveLength(1 + 6 + 5 + 4);
    expect(cotton.units[0]).toBe(cotton.word);
    // The same word gives the same units wherever it occurs; another word other units.
    const again = subwordPositions('cotton socks')[0]!;
    expect(again.units).toEqual(cotton.units);
    expect(
      subwordPositions('cottons')[0]!.units.filter((u) => cotton.units.includes(u)).length,
    ).toBeGreaterThan(8);
  });

  it('reads Chinese as characters, each with the bigrams it belongs to', () => {
    const text = '蓝牙耳机';
    const positions = subwordPositions(text);
    expect(surface(text)).toEqual(['蓝', '牙', '耳', '机']);
    // Edge characters have one bigram, inner ones two.
    expect(positions.map((p) => p.units.length)).toEqual([2, 3, 3, 2]);
    // "牙耳" is shared by the 2nd and 3rd positions.
    expect(positions[1]!.units[2]).toBe(positions[2]!.units[1]);
  });

  it('splits mixed scripts without a segmenter and keeps offsets into the normalised text', () => {
    const text = 'Apple iPhone15手机壳 透明';
    expect(surface(text)).toEqual(['apple', 'iphone15', '手', '机', '壳', '透', '明']);
    // Full-width Latin is normalised (NFKC) to the same word as its ASCII form.
    expect(subwordPositions('ＡＰＰＬＥ')[0]!.word).toBe(subwordPositions('apple')[0]!.word);
  });

  it('keeps at most maxPositions, so a long description cannot crowd out the title', () => {
    const long = `Title words here ${'filler '.repeat(500)}`;
    expect(subwordPositions(long, { minN: 3, maxN: 5, maxPositions: 10 })).toHaveLength(10);
  });
});

describe('subword vocabulary', () => {
  it('keeps every word, drops n-grams seen once, and encodes unseen words by their n-grams', () => {
    const vocab = buildVocab(
      ['red cotton shirt', 'blue cotton shirt', 'green linen dress'],
      undefined,
      {
        minUnitCount: 2,
        maxUnits: 1000,
      },
    );
    const encoder = new TypeEncoder(vocab);
    expect(encoder.encode('red cotton shirt')).toHaveLength(3);
    // "cottonn" is unseen, but shares kept n-grams with "cotton": it still gets a position.
    const typo = encoder.encode('cottonn');
    expect(typo).toHaveLength(1);
    expect(encoder.types[typo[0]!]!.wordRow).toBe(-1);
    // A word with no known unit at all is dropped.
    expect(encoder.encode('zzzz')).toHaveLength(0);
    // Same texts, same vocabulary.
    const again = buildVocab(
      ['red cotton shirt', 'blue cotton shirt', 'green linen dress'],
      undefined,
      {
        minUnitCount: 2,
        maxUnits: 1000,
      },
    );
    expect(Array.from(again.unitHashes)).toEqual(Array.from(vocab.unitHashes));
  });
});
