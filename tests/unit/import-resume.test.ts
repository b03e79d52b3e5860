import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { importCatalogue, resumeImport } from '../../workers/import/import-job.ts';
import { readCheckpoint, saveCheckpoint } from '@shared/db/model-store.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainCheckpoint } from '@shared/contracts/train.ts';

const MAPPING = { id: 'id', title: 'title', category: 'category' };
const CATEGORIES = ['Watches', 'Handbags', 'Tshirts'];

function catalogue(rows: number): File {
  const lines = ['id,title,category'];
  for (let i = 0; i < rows; i++)
    lines.push(`${i},Product ${i},${CATEGORIES[i % CATEGORIES.length] ?? ''}`);
  return new File([`${lines.join('\n')}\n`], 'catalogue.csv', { type: 'text/csv' });
}

let databases = 0;
const freshDb = (): Promise<ShelfwiseDb> => openShelfwiseDb(`import-resume-${++databases}`);

/**
 * The disk fills up: after `allowed` writes to `store`, the transaction of the next one fails
 * to commit with a QuotaExceededError and is rolled back, as Chromium does. Put `store` last
 * in its transaction. (No browser can be made to run out of room on cue.)
 */
function fillDiskAfter(store: string, allowed: number): void {
  const put = IDBObjectStore.prototype.put;
  let writes = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args) {
    const request = put.apply(this, args);
    if (this.name === store && ++writes > allowed) {
      const transaction = this.transaction as IDBTransaction & { _abort(name: string): void };
      // fake-indexeddb's own abort with an error name, the path a failed commit takes.
      request.addEventListener('success', () => transaction._abort('QuotaExceededError'));
    }
    return request;
  } as typeof put;
  restore = () => {
    IDBObjectStore.prototype.put = put;
  };
}
let restore = (): void => undefined;
afterEach(() => restore());

const noProgress = () => undefined;

describe('an import cut short', () => {
  it('keeps the rows stored before the disk filled up, then continues without duplicates', async () => {
    const db = await freshDb();
    const file = catalogue(5_500);
    // The dataset record, then two chunks.
    fillDiskAfter('datasets', 3);
    const failure = await importCatalogue(
      db,
      undefined,
      { file, fileName: file.name, name: 'catalogue', mapping: MAPPING },
      noProgress,
    ).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('QuotaExceeded');
    expect((failure as Error).message).toContain('full after 2000 rows. Those rows are kept');

    const [partial] = await db.getAll('datasets');
    expect(partial?.status).toBe('importing');
    expect(partial?.rowCount).toBe(2_000);
    expect(await readDatasetRows(db, partial?.id ?? '')).toHaveLength(2_000);

    restore();
    const done = await resumeImport(
      db,
      undefined,
      { datasetId: partial?.id ?? '', file, fileName: file.name },
      noProgress,
    );
    expect(done.status).toBe('ready');
    expect(done.rowCount).toBe(5_500);
    const rows = await readDatasetRows(db, done.id);
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 5_500 }, (_, i) => String(i)));
    expect(done.classCounts).toEqual({ Watches: 1_834, Handbags: 1_833, Tshirts: 1_833 });
  });

  it('refuses to continue from a different file, naming both', async () => {
    const db = await freshDb();
    const file = catalogue(3_000);
    fillDiskAfter('datasets', 2);
    await importCatalogue(
      db,
      undefined,
      { file, fileName: file.name, name: 'catalogue', mapping: MAPPING },
      noProgress,
    ).catch(() => undefined);
    restore();
    const [partial] = await db.getAll('datasets');
    const other = catalogue(2_999);
    await expect(
      resumeImport(
        db,
        undefined,
        { datasetId: partial?.id ?? '', file: other, fileName: other.name },
        noProgress,
      ),
    ).rejects.toThrow(/is not the file this import was reading: "catalogue.csv" \([\d,]+ bytes\)/);
    expect((await db.get('datasets', partial?.id ?? ''))?.rowCount).toBe(1_000);
  });

  it('leaves no empty dataset behind when not one row fits', async () => {
    const db = await freshDb();
    const file = catalogue(500);
    fillDiskAfter('datasets', 1);
    await expect(
      importCatalogue(
        db,
        undefined,
        { file, fileName: file.name, name: 'catalogue', mapping: MAPPING },
        noProgress,
      ),
    ).rejects.toThrow('no row of "catalogue.csv" could be stored');
    expect(await db.count('datasets')).toBe(0);
  });
});

describe('a training checkpoint when the disk is full', () => {
  it('says so and keeps the previous checkpoint', async () => {
    const db = await freshDb();
    const run = {
      runId: 'run-1',
      datasetId: 'ds',
      datasetName: 'ds',
      options: DEFAULT_TRAIN_OPTIONS,
      backend: 'cpu' as const,
      updatedAt: 1,
    };
    const weights = (value: number) => [
      { name: 'weights', shape: [2], data: new Float32Array(2).fill(value) },
    ];
    const checkpoint = (epoch: number): TrainCheckpoint => ({
      epoch,
      bestEpoch: epoch,
      history: [],
      space: {
        tokenizer: { wordNgrams: [1], charNgrams: [3], cjkNgrams: [1] },
        wordHashes: Uint32Array.from([1]),
        charHashes: Uint32Array.from([2]),
        idf: Float32Array.from([1]),
      },
      weights: weights(epoch),
      bestWeights: null,
    });
    await saveCheckpoint(db, run, checkpoint(1));
    fillDiskAfter('weights', 0);
    await expect(saveCheckpoint(db, run, checkpoint(2))).rejects.toThrow(
      'the checkpoint of epoch 2 could not be saved. The previous checkpoint is kept',
    );
    restore();
    const kept = await readCheckpoint(db, 'run-1');
    expect(kept.checkpoint.epoch).toBe(1);
    expect(Array.from(kept.checkpoint.weights[0]?.data ?? [])).toEqual([1, 1]);
  });
});
