import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { embeddingKey } from '@shared/db/records/image.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { deleteDatasetPhotos, photoHashes, readEmbeddings } from '@shared/db/photo-store.ts';
import type { ImageJobProgress } from '@shared/contracts/image.ts';
import { attachPhotos } from '../../workers/image/attach-photos.ts';
import {
  EMBED_BATCH,
  embedPhotos,
  smallClasses,
  type EmbedDeps,
} from '../../workers/image/embed-job.ts';
import type { Pixels } from '../../workers/image/preprocess.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord } from './catalogue-fixture.ts';

let db: ShelfwiseDb;
let backbone: tf.Sequential;
beforeAll(async () => {
  await useWasmBackend();
  db = await openShelfwiseDb(`shelfwise-embed-${Math.random().toString(36).slice(2)}`);
  // A stand-in backbone with the real one's contract: [n, 224, 224, 3] → [n, 3].
  backbone = tf.sequential({
    layers: [tf.layers.globalAveragePooling2d({ inputShape: [224, 224, 3] })],
  });
});
afterAll(() => {
  backbone.dispose();
  db.close();
});

/** Rows a-f of class "big" (with photos big-0.jpg …) and two of "small". */
async function seedDataset(id: string, photos: number, small: number): Promise<StoredRow[]> {
  const rows: StoredRow[] = [
    ...Array.from({ length: photos }, (_, i) => ({ category: 'big', image: `img/big-${i}.jpg` })),
    ...Array.from({ length: small }, (_, i) => ({
      category: 'small',
      image: `img/small-${i}.jpg`,
    })),
  ].map((row, i) => ({ ...row, line: i + 2, id: `${i}`, title: '', description: '' }));
  const record = datasetRecord(id, rows);
  await db.put('datasets', record);
  await db.put('rowChunks', { datasetId: id, chunk: 0, rows });
  return rows;
}

/** A photo whose first byte sets its grey level; 0xEE marks a corrupt one. */
const photoFile = (path: string, level: number) => ({
  path: `shop/${path}`,
  file: new Blob([new Uint8Array([level, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, level])]),
});

function deps(decoded: string[]): EmbedDeps {
  return {
    backboneId: 'test-backbone',
    backbone,
    dimensions: 3,
    inputSize: 224,
    decode: async (bytes, _type, name): Promise<Pixels> => {
      decoded.push(name);
      const level = new Uint8Array(bytes)[0] ?? 0;
      if (level === 0xee) throw new Error('it could not be decoded');
      return { data: new Uint8ClampedArray(8 * 6 * 4).fill(level), width: 8, height: 6 };
    },
  };
}

describe('attachPhotos + embedPhotos', () => {
  it('embeds each photo once, then reads the cache; resumes after a cancel', async () => {
    const rows = await seedDataset('d1', EMBED_BATCH + 4, 0);
    const attached = await attachPhotos(
      db,
      undefined,
      { datasetId: 'd1', photos: rows.map((row, i) => photoFile(row.image, 10 + i)) },
      () => undefined,
    );
    expect(attached).toMatchObject({
      attached: rows.length,
      rowsWithImage: rows.length,
      problems: [],
    });

    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const decoded: string[] = [];
    // Cancel as soon as the first batch reports progress: the job stops before the second.
    await expect(
      embedPhotos(
        db,
        controller.signal,
        { datasetId: 'd1', augmentViews: 0 },
        deps(decoded),
        (p) => {
          if (p.kind === 'embed' && p.done > 0) controller.abort();
        },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(decoded).toHaveLength(EMBED_BATCH);

    decoded.length = 0;
    const resumed = await embedPhotos(
      db,
      undefined,
      { datasetId: 'd1', augmentViews: 0 },
      deps(decoded),
      () => undefined,
    );
    expect(resumed).toMatchObject({
      photos: rows.length,
      embedded: 4,
      cached: EMBED_BATCH,
      problems: [],
    });
    expect(decoded).toHaveLength(4);

    decoded.length = 0;
    const again = await embedPhotos(
      db,
      undefined,
      { datasetId: 'd1', augmentViews: 0 },
      deps(decoded),
      () => undefined,
    );
    expect(again).toMatchObject({ embedded: 0, cached: rows.length, msPerImage: null });
    expect(decoded).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);

    // The cached vector is the backbone's output: the grey level scaled to [-1, 1].
    const hashes = await photoHashes(db, 'd1');
    const [first] = await readEmbeddings(db, [
      embeddingKey('test-backbone', hashes.get(rows[0]?.image ?? '') ?? '', 0),
    ]);
    expect(first).toHaveLength(3);
    for (const value of first ?? []) expect(value).toBeCloseTo(10 / 127.5 - 1, 3);
  });

  it('reports missing, HEIC and corrupt photos by line and keeps going', async () => {
    const rows = await seedDataset('d2', 4, 0);
    const heic = new Blob([
      new Uint8Array([0, 0, 0, 24, ...Array.from('ftypheic', (c) => c.charCodeAt(0))]),
    ]);
    const result = await attachPhotos(
      db,
      undefined,
      {
        datasetId: 'd2',
        photos: [
          photoFile(rows[0]?.image ?? '', 30),
          photoFile(rows[1]?.image ?? '', 0xee),
          { path: rows[2]?.image ?? '', file: heic },
        ],
      },
      () => undefined,
    );
    expect(result.attached).toBe(2);
    expect(result.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'UnsupportedImage'],
      [5, 'MissingImage'],
    ]);
    expect(result.problems[0]?.message).toMatch(
      /^Line 4: the image "img\/big-2.jpg" cannot be used: .*HEIC/,
    );

    const progress: ImageJobProgress[] = [];
    const embedded = await embedPhotos(
      db,
      undefined,
      { datasetId: 'd2', augmentViews: 0 },
      deps([]),
      (p) => progress.push(p),
    );
    expect(embedded.embedded).toBe(1);
    expect(embedded.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'CorruptImage', skipped: true }),
    ]);
    expect(progress.at(-1)).toMatchObject({ kind: 'embed', done: 2, total: 2, failed: 1 });
  });

  it('adds augmented views only for the classes below the median size', async () => {
    const rows = await seedDataset('d3', 6, 2);
    await seedDataset('d3-other', 0, 0);
    await attachPhotos(
      db,
      undefined,
      { datasetId: 'd3', photos: rows.map((row, i) => photoFile(row.image, 50 + i)) },
      () => undefined,
    );
    expect(smallClasses(rows)).toEqual(new Set(['small']));
    await embedPhotos(
      db,
      undefined,
      { datasetId: 'd3', augmentViews: 2 },
      deps([]),
      () => undefined,
    );
    const hashes = await photoHashes(db, 'd3');
    const views = async (path: string) =>
      (
        await readEmbeddings(
          db,
          [0, 1, 2].map((v) => embeddingKey('test-backbone', hashes.get(path) ?? '', v)),
        )
      ).map((data) => data !== undefined);
    expect(await views('img/small-0.jpg')).toEqual([true, true, true]);
    expect(await views('img/big-0.jpg')).toEqual([true, false, false]);

    await deleteDatasetPhotos(db, 'd3');
    expect((await photoHashes(db, 'd3')).size).toBe(0);
  });
});
