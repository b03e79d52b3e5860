import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { DEFAULT_AUTO_LABEL_THRESHOLD } from '@shared/db/evaluation-store.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { readModel } from '@shared/db/model-store.ts';
import { predictionExportRows } from '@shared/review/export-rows.ts';
import { csvPiece } from '@shared/csv-write.ts';
import { exportModelBundle } from '../../workers/lifecycle/export-bundle.ts';
import { classifyCatalogue } from '../../workers/classify/classify-catalogue.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { classifyFile } from '../../scripts/classify/classify-file.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';

const CATALOGUE = 'tests/fixtures/small-catalogue.csv';
const rows = readStoredRows(CATALOGUE);
const CHUNK_ROWS = 128;

/** The app's predictions export of a classified dataset, as predictionCsvPieces writes it. */
async function appExport(db: ShelfwiseDb, model: ModelRecord): Promise<string> {
  const predictions = (await db.get('cataloguePredictions', model.id))!;
  let text = '';
  let first = true;
  for await (const chunk of readRowChunks(db, model.datasetId)) {
    const lines = predictionExportRows(
      chunk.rows,
      chunk.rows.map((row) => row.category),
      predictions,
      model.labels,
      DEFAULT_AUTO_LABEL_THRESHOLD,
      chunk.first,
    );
    text += csvPiece(lines, first);
    first = false;
  }
  return text;
}

describe('classifyFile (npm run classify)', () => {
  let db: ShelfwiseDb;
  let model: ModelRecord;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    await useWasmBackend();
    db = await openShelfwiseDb(`classify-file-${Math.random().toString(36).slice(2)}`);
    await db.put('datasets', { ...datasetRecord('d', rows), chunkCount: 3 });
    for (let chunk = 0; chunk * CHUNK_ROWS < rows.length; chunk++)
      await db.put('rowChunks', {
        datasetId: 'd',
        chunk,
        rows: rows.slice(chunk * CHUNK_ROWS, (chunk + 1) * CHUNK_ROWS),
      });
    model = await runTrainJob(
      db,
      undefined,
      { datasetId: 'd', backend: 'wasm', options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 } },
      () => {},
    );
    dir = mkdtempSync(join(tmpdir(), 'shelfwise-classify-file-'));
    bundle = join(dir, 'model.zip');
    writeFileSync(bundle, (await exportModelBundle(db, model.id, 'float32')).bytes);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the export the app writes after classifying the same catalogue', async () => {
    const { record, stored } = await readModel(db, model.id);
    const classifier = loadClassifier({ ...record, space: stored.space, weights: stored.weights });
    await classifyCatalogue(db, undefined, classifier, 'd', stored.split, () => {});
    const expected = await appExport(db, model);

    const before = tf.memory().numTensors;
    const output = join(dir, 'predictions.csv');
    const progress: number[] = [];
    const result = await classifyFile({
      bundle,
      input: CATALOGUE,
      output,
      chunkRows: 100,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ rows: rows.length, skippedRows: 0, modelId: model.id });
    expect(progress.length).toBeGreaterThan(0);
    expect(readFileSync(output, 'utf8')).toBe(expected);
    const header = Papa.parse<string[]>(expected).data[0];
    expect(header).toEqual([
      'id',
      'title',
      'predicted',
      'confidence',
      'top3',
      'abstained',
      'original_label',
      'current_label',
    ]);
  });

  it('writes the same file when worker threads classify chunks beside the main thread', async () => {
    const alone = join(dir, 'alone.csv');
    const threaded = join(dir, 'threaded.csv');
    await classifyFile({ bundle, input: CATALOGUE, output: alone, chunkRows: 40 });
    const result = await classifyFile({
      bundle,
      input: CATALOGUE,
      output: threaded,
      chunkRows: 40,
      threads: 2,
    });
    expect(result.rows).toBe(rows.length);
    expect(result.threadChunks).toBeGreaterThan(0);
    expect(readFileSync(threaded, 'utf8')).toBe(readFileSync(alone, 'utf8'));
  });

  it('takes a TSV without categories, with quoted tabs and formula-like titles', async () => {
    const input = join(dir, 'unlabelled.tsv');
    const titles = rows.slice(0, 5).map((row) => row.title);
    writeFileSync(
      input,
      [
        'sku\tname',
        ...titles.map((title, i) => `s${i}\t${title}`),
        's5\t"=HYPERLINK(""x"")\tquoted tab"',
      ].join('\n'),
    );
    const output = join(dir, 'unlabelled.csv');
    const result = await classifyFile({ bundle, input, output });
    expect(result.rows).toBe(6);
    const lines = Papa.parse<Record<string, string>>(readFileSync(output, 'utf8'), {
      header: true,
    }).data;
    expect(lines.map((line) => line.id)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    expect(lines[5]!.title).toBe('\'=HYPERLINK("x")\tquoted tab');
    expect(lines.every((line) => model.labels.includes(line.predicted ?? ''))).toBe(true);
    expect(lines.every((line) => line.original_label === '')).toBe(true);
  });

  it('names a damaged bundle', async () => {
    await expect(
      classifyFile({ bundle: CATALOGUE, input: CATALOGUE, output: join(dir, 'x.csv') }),
    ).rejects.toThrow(/not a readable \.zip/);
  });
});
