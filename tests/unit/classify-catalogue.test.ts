import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import type { CatalogueProgress } from '@shared/contracts/classify.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import { classifyCatalogue } from '../../workers/classify/classify-catalogue.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, splitSmallCatalogue } from './catalogue-fixture.ts';

const CHUNK_ROWS = 128;

async function chunkedCatalogue() {
  const { rows, labels, split, part } = splitSmallCatalogue();
  const db = await openShelfwiseDb(`classify-${Math.random().toString(36).slice(2)}`);
  await db.put('datasets', { ...datasetRecord('d', rows), chunkCount: 3 });
  for (let chunk = 0; chunk * CHUNK_ROWS < rows.length; chunk++) {
    const slice = rows.slice(chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS);
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
