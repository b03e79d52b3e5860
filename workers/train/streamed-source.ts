import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunk, readRowChunks } from '@shared/db/catalogue-store.ts';
import { throwIfAborted } from '@shared/errors.ts';
import type { Sampling } from '@shared/contracts/train.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';
import {
  DocumentFrequencies,
  type FeatureIndex,
  type FeatureSpace,
} from '../text/feature-space.ts';
import { DEFAULT_TOKENIZER } from '../text/tokenize.ts';
import type { LinearModel } from '../model/linear-model.ts';
import { predictTextLogits } from '../model/predict-texts.ts';
import { productText } from '../text/product-text.ts';
import { Part, type CompactCorpus } from './compact-corpus.ts';
import { epochOrder } from './epoch-order.ts';
import type { TrainBatch, TrainingSource } from './fit-text-model.ts';

/** Chunks read and shuffled together: the reach of the shuffle within an epoch. */
export const WINDOW_CHUNKS = 8;

type PartId = (typeof Part)[keyof typeof Part];

/** The texts and classes of one part's rows in a few chunks, in chunk order. */
interface WindowRows {
  texts: string[];
  classes: number[];
}

/**
 * Training rows of a `CompactCorpus` read from storage as the run needs them. Each epoch
 * visits the chunks in a seeded order, a window of `WINDOW_CHUNKS` at a time, and shuffles
 * the training rows of each window (the same seed and epoch give the same batches, so a
 * resumed run repeats its epoch exactly); 'balanced' sampling draws evenly over the
 * categories of each window. Only one window's texts and sparse rows (and the next window's
 * texts, read meanwhile) exist at once; batches run across window boundaries, so an epoch
 * has as many as in memory.
 */
export class StreamedSource implements TrainingSource {
  readonly trainClasses: Int32Array;

  constructor(
    private readonly db: ShelfwiseDb,
    private readonly corpus: CompactCorpus,
    private readonly index: FeatureIndex | null = null,
    private readonly windowChunks = WINDOW_CHUNKS,
  ) {
    this.trainClasses = Int32Array.from(corpus.positions.train, (p) => corpus.classes[p] as number);
  }

  /** The same source vectorising with `index` (the space is fitted from the source first). */
  withIndex(index: FeatureIndex): StreamedSource {
    return new StreamedSource(this.db, this.corpus, index, this.windowChunks);
  }

  /** Vocabulary and IDF of the training rows, in one pass over the chunks. */
  async fitSpace(signal: AbortSignal | undefined): Promise<FeatureSpace> {
    const frequencies = new DocumentFrequencies(DEFAULT_TOKENIZER);
    for await (const chunk of readRowChunks(this.db, this.corpus.datasetId)) {
      throwIfAborted(signal);
      chunk.rows.forEach((row, r) => {
        if (this.corpus.parts[chunk.first + r] === Part.Train) frequencies.add(productText(row));
      });
    }
    return frequencies.toSpace();
  }

  validationClasses(): number[] {
    return this.classesOf(Part.Validation);
  }

  classesOf(part: PartId): number[] {
    const positions = this.positionsOf(part);
    return Array.from(positions, (p) => this.corpus.classes[p] as number);
  }

  validationLogits(model: LinearModel): Promise<Float32Array> {
    return this.partLogits(Part.Validation, model, this.requireIndex());
  }

  /** Logits of a part's rows in ascending position order, read chunk by chunk. */
  async partLogits(part: PartId, model: LinearModel, index: FeatureIndex): Promise<Float32Array> {
    const out = new Float32Array(this.positionsOf(part).length * model.classCount);
    let written = 0;
    for await (const chunk of readRowChunks(this.db, this.corpus.datasetId)) {
      const texts: string[] = [];
      chunk.rows.forEach((row, r) => {
        if (this.corpus.parts[chunk.first + r] === part) texts.push(productText(row));
      });
      if (!texts.length) continue;
      out.set(await predictTextLogits(model, index, texts), written);
      written += texts.length * model.classCount;
    }
    return out;
  }

  epochBatches(epoch: number, batchSize: number, sampling: Sampling, seed: number) {
    const batches = this.batchesOf(epoch, batchSize, sampling, seed);
    return {
      next: async (): Promise<TrainBatch> => {
        const { value, done } = await batches.next();
        return done ? { rows: [], classes: [] } : value;
      },
    };
  }

  private async *batchesOf(
    epoch: number,
    batchSize: number,
    sampling: Sampling,
    seed: number,
  ): AsyncGenerator<TrainBatch> {
    const index = this.requireIndex();
    const chunkSize = await this.chunkSize();
    const chunkCount = Math.ceil(this.corpus.parts.length / chunkSize);
    const chunkOrder = shuffleInPlace(
      Array.from({ length: chunkCount }, (_, c) => c),
      createRandom(seed + epoch),
    );
    const windows: number[][] = [];
    for (let w = 0; w < chunkCount; w += this.windowChunks)
      windows.push(chunkOrder.slice(w, w + this.windowChunks));
    let pending: TrainBatch = { rows: [], classes: [] };
    // The next window is read while this one trains.
    let reading = windows.length ? this.readWindow(windows[0] as number[], chunkSize) : null;
    for (let w = 0; w < windows.length; w++) {
      const window = await (reading as Promise<WindowRows>);
      reading =
        w + 1 < windows.length ? this.readWindow(windows[w + 1] as number[], chunkSize) : null;
      // A silent catch keeps an abandoned read (a cancelled run) from being reported.
      reading?.catch(() => undefined);
      // Each window its own stream of the seed, as `epochOrder` gives for the whole part.
      const order = epochOrder(window.classes, sampling, seed + w * 7919, epoch);
      for (const i of order) {
        pending.rows.push(index.vectorize(window.texts[i] as string));
        pending.classes.push(window.classes[i] as number);
        if (pending.rows.length === batchSize) {
          yield pending;
          pending = { rows: [], classes: [] };
        }
      }
    }
    if (pending.rows.length) yield pending;
  }

  private async readWindow(chunks: number[], chunkSize: number): Promise<WindowRows> {
    const texts: string[] = [];
    const classes: number[] = [];
    for (const chunk of [...chunks].sort((a, b) => a - b)) {
      const rows = await readRowChunk(this.db, this.corpus.datasetId, chunk);
      rows.forEach((row, r) => {
        const position = chunk * chunkSize + r;
        if (this.corpus.parts[position] !== Part.Train) return;
        texts.push(productText(row));
        classes.push(this.corpus.classes[position] as number);
      });
    }
    return { texts, classes };
  }

  private chunkSizeRead: Promise<number> | null = null;

  private chunkSize(): Promise<number> {
    this.chunkSizeRead ??= readRowChunk(this.db, this.corpus.datasetId, 0).then((rows) =>
      Math.max(1, rows.length),
    );
    return this.chunkSizeRead;
  }

  private positionsOf(part: PartId): Int32Array {
    const { positions } = this.corpus;
    return part === Part.Train
      ? positions.train
      : part === Part.Validation
        ? positions.validation
        : positions.test;
  }

  private requireIndex(): FeatureIndex {
    if (!this.index) throw new Error('StreamedSource: fit the feature space first');
    return this.index;
  }
}
