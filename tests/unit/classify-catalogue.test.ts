import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import type { CatalogueProgress } from '@shared/contracts/classify.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import {
  classifyCatalogue,
  classifyShare,
  SHARE_CHUNKS,
  ShareQueue,
  type ShareRunner,
} from '../../workers/classify/classify-catalogue.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { CatalogueTop } from '../../workers/classify/catalogue-top.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { LoadedClassifier } from '../../workers/classify/classify.ts';
import {
  foldHelperCount,
  SHARED_CATALOGUE_MIN_ROWS,
  shareHelperCount,
} from '../../workers/classify/share-helpers.ts';
import { RESIDENT_VALUE_LIMIT } from '../../workers/model/resident-weights.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, splitSmallCatalogue } from './catalogue-fixture.ts';

const CHUNK_ROWS = 128;

/** Chunks small enough that the 300 rows make three shares (SHARE_CHUNKS chunks each). */
const SMALL_CHUNK_ROWS = 16;

async function chunkedCatalogue(chunkRows = CHUNK_ROWS) {
  const { rows, labels, split, part } = splitSmallCatalogue();
  const db = await openShelfwiseDb(`classify-${Math.random().toString(36).slice(2)}`);
  const chunkCount = Math.ceil(rows.length / chunkRows);
  await db.put('datasets', { ...datasetRecord('d', rows), chunkCount });
  for (let chunk = 0; chunk * chunkRows < rows.length; chunk++) {
    const slice = rows.slice(chunk * chunkRows, (chunk + 1) * chunkRows);
    await db.put('rowChunks', { datasetId: 'd', chunk, rows: slice });
  }
  const fitted = await fitTextModel(undefined, {
    labels,
    train: part(split.train),
    validation: part(split.validation),
    options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 },
  });
  const classifier = loadClassifier({ id: 'm', labels, ...fitted });
  return { db, rows, classifier };
}

/** A helper's work without its worker: the function the helper worker runs, here. */
function inProcessHelper(db: ShelfwiseDb, classifier: LoadedClassifier): ShareRunner {
  return async (signal, share, onRows) => {
    const top = new CatalogueTop(share.rowCount, share.range.firstRow);
    const corrections = await readCorrections(db, share.datasetId);
    await classifyShare(db, signal, classifier, corrections, share, top, onRows);
    return top;
  };
}

/** A helper that works until it is told to stop, then stops as a cancelled job does. */
const untilStopped: ShareRunner = (signal) =>
  new Promise((_, reject) =>
    signal.addEventListener('abort', () =>
      reject(Object.assign(new Error('The job was cancelled'), { name: 'AbortError' })),
    ),
  );

/** Helpers as the classify worker hands them over, here without workers to stop. */
function helpersOf(runners: ShareRunner[]) {
  return { runners, stop: () => {} };
}

/** Classifies the fixture's catalogue with `helpers` and returns the stored predictions. */
async function storedWith(
  db: ShelfwiseDb,
  classifier: LoadedClassifier,
  helpers: ShareRunner[],
  onProgress: (progress: CatalogueProgress) => void = () => undefined,
) {
  const summary = await classifyCatalogue(
    db,
    undefined,
    classifier,
    'd',
    undefined,
    onProgress,
    () => helpersOf(helpers),
  );
  return { summary, stored: (await db.get('cataloguePredictions', 'm'))! };
}

describe('ShareQueue', () => {
  it('hands out runs of whole chunks in order, the last one bounded by the row count', () => {
    const queue = new ShareQueue('d', 1000, 128, 3);
    const shares = [];
    for (let share = queue.next(); share; share = queue.next())
      shares.push([
        share.range.firstChunk,
        share.range.endChunk,
        share.range.firstRow,
        share.rowCount,
      ]);
    expect(shares).toEqual([
      [0, 3, 0, 384],
      [3, 6, 384, 384],
      [6, 8, 768, 232],
    ]);
  });

  it('has nothing to hand out for an empty catalogue', () => {
    expect(new ShareQueue('d', 0, 0).next()).toBeNull();
    expect(new ShareQueue('d', 0, 1000).next()).toBeNull();
  });
});

describe('classifyCatalogue', () => {
  beforeAll(useWasmBackend);

  it('reads the rows chunk by chunk, in order and with their positions', async () => {
    const { db, rows } = await chunkedCatalogue();
    const seen: number[] = [];
    for await (const chunk of readRowChunks(db, 'd', 2)) {
      expect(chunk.rows[0]).toEqual(rows[chunk.first]);
      seen.push(chunk.first, chunk.rows.length);
    }
    expect(seen).toEqual([0, 128, 128, 128, 256, 44]);
  });

  it('classifies every row of a chunked catalogue at its own position, without leaking tensors', async () => {
    const { db, rows, classifier } = await chunkedCatalogue();
    const before = tf.memory().numTensors;
    const progress: CatalogueProgress[] = [];
    const summary = await classifyCatalogue(db, undefined, classifier, 'd', undefined, (p) =>
      progress.push(p),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.rows).toBe(rows.length);
    expect(progress.at(-1)).toMatchObject({ kind: 'classify', done: 300, total: 300, etaMs: 0 });
    const stored = (await db.get('cataloguePredictions', 'm'))!;
    expect(stored.topClasses).toHaveLength(rows.length * 3);
    expect(stored.topClasses.includes(-1)).toBe(false);
    for (const position of [0, 127, 128, 299]) {
      const [direct] = await classifyProducts(classifier, [rows[position]!], 1);
      expect(classifier.labels[stored.topClasses[position * 3]!]).toBe(direct?.[0]?.label);
    }
  });

  it('starts helpers only for a large catalogue on a processor backend with cores to spare', () => {
    const large = SHARED_CATALOGUE_MIN_ROWS;
    const model = 1_000_000;
    expect(shareHelperCount(large, 'wasm', model, 4)).toBe(3);
    expect(shareHelperCount(large, 'cpu', model, 2)).toBe(1);
    expect(shareHelperCount(large, 'wasm', model, 16)).toBe(3);
    expect(shareHelperCount(large - 1, 'wasm', model, 4)).toBe(0);
    expect(shareHelperCount(large, 'webgpu', model, 4)).toBe(0);
    expect(shareHelperCount(large, 'wasm', model, 1)).toBe(0);
    expect(shareHelperCount(large, 'wasm', RESIDENT_VALUE_LIMIT + 1, 4)).toBe(0);
    // A cross-check starts them for any catalogue, one fold each at most.
    expect(foldHelperCount(3, 'wasm', model, 8)).toBe(2);
    expect(foldHelperCount(5, 'wasm', model, 2)).toBe(1);
    expect(foldHelperCount(5, 'webgpu', model, 8)).toBe(0);
  });

  it('reads a range of chunks from its first row on', async () => {
    const { db, rows } = await chunkedCatalogue();
    const seen: number[] = [];
    const range = { firstChunk: 1, endChunk: 2, firstRow: 128 };
    for await (const chunk of readRowChunks(db, 'd', 8, range)) {
      expect(chunk.rows[0]).toEqual(rows[chunk.first]);
      seen.push(chunk.first, chunk.rows.length);
    }
    expect(seen).toEqual([128, 128]);
  });

  it('stores the same predictions when helpers classify shares of the catalogue', async () => {
    expect(SHARE_CHUNKS * SMALL_CHUNK_ROWS).toBe(128);
    const { db, classifier } = await chunkedCatalogue(SMALL_CHUNK_ROWS);
    const alone = (await storedWith(db, classifier, [])).stored;
    const before = tf.memory().numTensors;
    const progress: CatalogueProgress[] = [];
    const given: number[] = [];
    const helper: ShareRunner = (signal, share, onRows) => {
      given.push(share.range.firstRow);
      return inProcessHelper(db, classifier)(signal, share, onRows);
    };
    const { summary, stored: shared } = await storedWith(db, classifier, [helper, helper], (p) =>
      progress.push(p),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.rows).toBe(300);
    expect(given.sort((a, b) => a - b)).toEqual([128, 256]);
    expect(Array.from(shared.topClasses)).toEqual(Array.from(alone.topClasses));
    expect(Array.from(shared.topProbabilities)).toEqual(Array.from(alone.topProbabilities));
    expect(progress.at(-1)).toMatchObject({ done: 300, total: 300 });
  });

  it("classifies a failed helper's share in the other workers, and stores every row", async () => {
    const { db, classifier } = await chunkedCatalogue(SMALL_CHUNK_ROWS);
    const alone = (await storedWith(db, classifier, [])).stored;
    let failures = 0;
    const failing: ShareRunner = () => {
      failures++;
      return Promise.reject(
        Object.assign(new Error('helper ran out of memory'), { name: 'OutOfMemory' }),
      );
    };
    const { summary, stored: shared } = await storedWith(db, classifier, [
      failing,
      inProcessHelper(db, classifier),
    ]);
    // It failed once and was not asked again.
    expect(failures).toBe(1);
    expect(summary.rows).toBe(300);
    expect(Array.from(shared.topClasses)).toEqual(Array.from(alone.topClasses));
  });

  it('passes a cancel on to the helpers', async () => {
    const { db, classifier } = await chunkedCatalogue(SMALL_CHUNK_ROWS);
    const controller = new AbortController();
    const run = classifyCatalogue(
      db,
      controller.signal,
      classifier,
      'd',
      undefined,
      () => controller.abort(),
      () => helpersOf([untilStopped]),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await db.get('cataloguePredictions', 'm')).toBeUndefined();
  });

  it('does nothing for a job cancelled before it started', async () => {
    const { db, classifier } = await chunkedCatalogue(SMALL_CHUNK_ROWS);
    const controller = new AbortController();
    controller.abort();
    const run = classifyCatalogue(
      db,
      controller.signal,
      classifier,
      'd',
      undefined,
      () => {},
      () => helpersOf([untilStopped]),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await db.get('cataloguePredictions', 'm')).toBeUndefined();
  });

  it('stops with an AbortError at the next batch and stores nothing', async () => {
    const { db, classifier } = await chunkedCatalogue();
    const controller = new AbortController();
    const run = classifyCatalogue(db, controller.signal, classifier, 'd', undefined, () =>
      controller.abort(),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await db.get('cataloguePredictions', 'm')).toBeUndefined();
  });
});
