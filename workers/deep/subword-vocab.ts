import { subwordPositions, DEFAULT_SUBWORD_CONFIG, type SubwordConfig } from './subword.ts';

/**
 * The deep model's vocabulary, learnt from a dataset's texts. Every distinct position (a Latin
 * word, or a CJK character with its neighbours) is a *type*; a type's vector is the mean of its
 * units' vectors (the word itself and its n-grams or bigrams). Texts are held as sequences of
 * type ids, which is compact (product titles repeat their words) and lets a batch compute each
 * type's vector once.
 */
export interface SubwordVocab {
  config: SubwordConfig;
  /** Hash of each unit row of the embedding table. */
  unitHashes: Uint32Array;
  /** Hash of each word of the pretraining output table (the targets a context predicts). */
  wordHashes: Uint32Array;
  /** How often each word occurs in the texts the vocabulary was built from (negative sampling). */
  wordCounts: Float32Array;
}

export interface VocabOptions {
  /** n-grams and bigrams rarer than this get no row (words always do). */
  minUnitCount: number;
  maxUnits: number;
}

/** At most 200,000 rows of 64: 51 MB, and three times that while pretraining (Adam moments). */
export const DEFAULT_VOCAB_OPTIONS: VocabOptions = { minUnitCount: 2, maxUnits: 200_000 };

function countInto(counts: Map<number, number>, hash: number): void {
  counts.set(hash, (counts.get(hash) ?? 0) + 1);
}

/** Counts the units and words of texts added one at a time, then keeps the frequent ones. */
export class VocabCounter {
  private readonly words = new Map<number, number>();
  private readonly units = new Map<number, number>();
  private readonly wordUnits = new Set<number>();

  constructor(readonly config: SubwordConfig = DEFAULT_SUBWORD_CONFIG) {}

  add(text: string): void {
    for (const position of subwordPositions(text, this.config)) {
      countInto(this.words, position.word);
      this.wordUnits.add(position.units[0] as number);
      for (const unit of position.units) countInto(this.units, unit);
    }
  }

  toVocab(options: VocabOptions = DEFAULT_VOCAB_OPTIONS): SubwordVocab {
    const kept = [...this.units].filter(
      ([hash, count]) => count >= options.minUnitCount || this.wordUnits.has(hash),
    );
    // Most frequent first, hash as tie-break: the same texts give the same table on every run.
    kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const words = [...this.words].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      config: this.config,
      unitHashes: Uint32Array.from(kept.slice(0, options.maxUnits), ([hash]) => hash),
      wordHashes: Uint32Array.from(words, ([hash]) => hash),
      wordCounts: Float32Array.from(words, ([, count]) => count),
    };
  }
}

export function buildVocab(
  texts: Iterable<string>,
  config: SubwordConfig = DEFAULT_SUBWORD_CONFIG,
  options: VocabOptions = DEFAULT_VOCAB_OPTIONS,
): SubwordVocab {
  const counter = new VocabCounter(config);
  for (const text of texts) counter.add(text);
  return counter.toVocab(options);
}

/** One distinct position: the table rows of its units, and its word's row in the output table. */
export interface PositionType {
  unitRows: Int32Array;
  /** -1 when the word is not in the vocabulary's output table. */
  wordRow: number;
}

/**
 * Texts encoded as type ids against a vocabulary. Types are created as texts arrive, so the
 * same encoder serves the training texts and, later, texts never seen before.
 */
export class TypeEncoder {
  readonly types: PositionType[] = [];
  private readonly typeOf = new Map<string, number>();
  private readonly unitRow = new Map<number, number>();
  private readonly wordRow = new Map<number, number>();

  /**
   * @param typeLimit past this many types `forgetIfLarge` starts afresh (the ids of earlier
   *   texts are then meaningless: for texts encoded and consumed batch by batch).
   */
  constructor(
    readonly vocab: SubwordVocab,
    private readonly typeLimit = Number.POSITIVE_INFINITY,
  ) {
    vocab.unitHashes.forEach((hash, row) => this.unitRow.set(hash, row));
    vocab.wordHashes.forEach((hash, row) => this.wordRow.set(hash, row));
  }

  /** Forgets every type when there are more than the limit: call before encoding a batch. */
  forgetIfLarge(): void {
    if (this.types.length <= this.typeLimit) return;
    this.types.length = 0;
    this.typeOf.clear();
  }

  get unitCount(): number {
    return this.vocab.unitHashes.length;
  }

  /** Type ids of a text's positions; positions none of whose units are known are dropped. */
  encode(text: string): Int32Array {
    const positions = subwordPositions(text, this.vocab.config);
    const ids: number[] = [];
    for (const position of positions) {
      const id = this.typeId(position.units, position.word);
      if (id >= 0) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  /** Like `encode`, keeping for each kept position its index in `subwordPositions(text)`. */
  encodeWithPositions(text: string): { ids: Int32Array; positions: number[] } {
    const ids: number[] = [];
    const kept: number[] = [];
    subwordPositions(text, this.vocab.config).forEach((position, i) => {
      const id = this.typeId(position.units, position.word);
      if (id >= 0) {
        ids.push(id);
        kept.push(i);
      }
    });
    return { ids: Int32Array.from(ids), positions: kept };
  }

  private typeId(units: readonly number[], word: number): number {
    const key = units.join(',');
    const known = this.typeOf.get(key);
    if (known !== undefined) return known;
    const rows: number[] = [];
    for (const unit of units) {
      const row = this.unitRow.get(unit);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length === 0) return -1;
    const id = this.types.length;
    this.types.push({ unitRows: Int32Array.from(rows), wordRow: this.wordRow.get(word) ?? -1 });
    this.typeOf.set(key, id);
    return id;
  }
}
