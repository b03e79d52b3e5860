import 'fake-indexeddb/auto';
import { HELD_OUT } from '@shared/split.ts';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { readHeldOutPredictions } from '@shared/db/evaluation-store.ts';
import { recordDecision } from '@shared/db/corrections.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { Part, readCompactCorpus } from '../../workers/train/compact-corpus.ts';
import { StreamedSource } from '../../workers/train/streamed-source.ts';
import { FeatureIndex } from '../../workers/text/feature-space.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { readTrainingCorpus } from '../../workers/train/training-corpus.ts';
import { splitCorpus } from '../../workers/train/training-rows.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';

const CHUNK_ROWS = 100;

/** The demo catalogue (3,000 products, 20 categories) stored in chunks of 100 rows. */
async function chunkedCatalogue(rows: StoredRow[]): Promise<ShelfwiseDb> {
  const db = await openShelfwiseDb(`streamed-${Math.random().toString(36).slice(2)}`);
  await db.put('datasets', {
    ...datasetRecord('d', rows),
    chunkCount: Math.ceil(rows.length / CHUNK_ROWS),
  });
  for (let chunk = 0; chunk * CHUNK_ROWS < rows.length; chunk++) {
    const slice = rows.slice(chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS);
    await db.put('rowChunks', { datasetId: 'd', chunk, rows: slice });
  }
  return db;
}

const rows = readStoredRows('public/demo/catalogue.csv');
const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 4 };

describe('training streamed from storage', () => {
  beforeAll(useWasmBackend);

  it('keeps only typed arrays per row, splits as in memory and applies corrections', async () => {
    const db = await chunkedCatalogue(rows);
    const corrected = rows.findIndex((row) => row.category !== rows[0]?.category);
    await recordDecision(db, {
      datasetId: 'd',
      position: corrected,
      row: rows[corrected]!,
      action: 'relabel',
      label: rows[0]!.category,
      reviewer: 'test',
      modelId: 'model-none',
    });
    const corpus = await readCompactCorpus(db, 'd', 7, HELD_OUT);
    const inMemory = splitCorpus(await readTrainingCorpus(db, 'd'), 7, HELD_OUT);

    // Everything with a length per row is a typed array: no product text is retained.
    const perRow = Object.values(corpus).filter(
      (value) => typeof value === 'object' && value !== null && 'length' in value,
    );
    for (const value of perRow) {
      if (ArrayBuffer.isView(value)) continue;
      expect((value as string[]).length).toBeLessThan(100);
    }
    expect(corpus.classes).toBeInstanceOf(Int32Array);
    expect(corpus.parts).toBeInstanceOf(Uint8Array);
    expect(corpus.classes.length).toBe(rows.length);
    const source = new StreamedSource(db, corpus);
    for (const value of Object.values(source))
      expect(typeof value === 'string' || Array.isArray(value)).toBe(false);

    expect(corpus.labels).toEqual(inMemory.labels);
    for (const part of ['train', 'validation', 'test'] as const) {
      expect([...corpus.positions[part]]).toEqual(
        [...inMemory.positions[part]].sort((a, b) => a - b),
      );
    }
    expect(corpus.labels[corpus.classes[corrected]!]).toBe(rows[0]!.category);
    expect(corpus.parts[corpus.positions.test[0]!]).toBe(Part.Test);
  });

  it('the vocabulary streamed from chunks equals the one fitted in memory', async () => {
    const db = await chunkedCatalogue(rows);
    const corpus = await readCompactCorpus(db, 'd', 7, HELD_OUT);
    const source = new StreamedSource(db, corpus);
    const streamed = await source.fitSpace(undefined);
    const { fitFeatureSpace } = await import('../../workers/text/feature-space.ts');
    const { DEFAULT_TOKENIZER } = await import('../../workers/text/tokenize.ts');
    const inMemory = splitCorpus(await readTrainingCorpus(db, 'd'), 7, HELD_OUT);
    const fitted = fitFeatureSpace(inMemory.train.texts, DEFAULT_TOKENIZER);
    expect(new Set(streamed.wordHashes)).toEqual(new Set(fitted.wordHashes));
    expect(streamed.idf.length).toBe(fitted.idf.length);

    // Every training row is in exactly one batch of an epoch.
    const batches = source.withIndex(new FeatureIndex(streamed)).epochBatches(1, 64, 'shuffle', 7);
    let seen = 0;
    const classCounts = new Map<number, number>();
    for (let b = 0; b < Math.ceil(corpus.positions.train.length / 64); b++) {
      const batch = await batches.next();
      expect(batch.rows.length).toBe(batch.classes.length);
      seen += batch.rows.length;
      for (const c of batch.classes) classCounts.set(c, (classCounts.get(c) ?? 0) + 1);
    }
    expect(seen).toBe(corpus.positions.train.length);
    const expected = new Map<number, number>();
    for (const p of corpus.positions.train)
      expected.set(corpus.classes[p]!, (expected.get(corpus.classes[p]!) ?? 0) + 1);
    expect(classCounts).toEqual(expected);
  });

  it('trains as well as the in-memory path on the same held-out rows, without leaking tensors', async () => {
    const db = await chunkedCatalogue(rows);
    const request = { datasetId: 'd', backend: 'wasm' as const, options };
    const before = tf.memory().numTensors;
    const stages: string[] = [];
    const streamed = await runTrainJob(
      db,
      undefined,
      request,
      (p) => {
        if (p.kind === 'prepare') stages.push(p.stage);
      },
      { streamAboveRows: 0 },
    );
    expect(tf.memory().numTensors).toBe(before);
    const inMemory = await runTrainJob(db, undefined, request, () => {});
    expect(tf.memory().numTensors).toBe(before);

    expect(streamed.evaluation.testRows).toBe(inMemory.evaluation.testRows);
    expect(streamed.labels).toEqual(inMemory.labels);
    const accuracy = streamed.evaluation.metrics.accuracy;
    // Window shuffling sees rows in a different order; the model is as good within noise.
    expect(accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(accuracy - inMemory.evaluation.metrics.accuracy)).toBeLessThan(0.04);
    expect(stages).toContain('vocabulary');

    // The held-out predictions line up with the rows they score.
    const heldOut = (await readHeldOutPredictions(db, streamed.id))!;
    const corpus = await readCompactCorpus(db, 'd', options.seed, HELD_OUT);
    expect([...heldOut.positions]).toEqual([...corpus.positions.test]);
    expect([...heldOut.truth]).toEqual([...corpus.positions.test].map((p) => corpus.classes[p]));
  });

  it('stops at the next batch when cancelled and resumes from the checkpoint', async () => {
    const db = await chunkedCatalogue(rows);
    const controller = new AbortController();
    let runId = '';
    const partial = await runTrainJob(
      db,
      controller.signal,
      { datasetId: 'd', backend: 'wasm', options },
      (p) => {
        if (p.kind === 'started') runId = p.runId;
        if (p.kind === 'batch' && p.epoch === 2) controller.abort();
      },
      { streamAboveRows: 0 },
    );
    expect(partial.partial).toBe(true);
    expect(partial.history).toHaveLength(1);

    const epochs: number[] = [];
    const resumed = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options, resumeRunId: runId },
      (p) => {
        if (p.kind === 'epoch') epochs.push(p.summary.epoch);
      },
      { streamAboveRows: 0 },
    );
    expect(epochs[0]).toBe(2);
    expect(resumed.partial).toBe(false);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
  });
});
