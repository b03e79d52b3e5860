import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { activationKey, embeddingKey } from '@shared/db/records/image.ts';
import { type StoredRow } from '@shared/db/records/catalogue.ts';
import {
  activationCacheSize,
  activationKeysOf,
  readActivations,
} from '@shared/db/activation-store.ts';
import { resolveActivationKeys } from '@shared/photo-views.ts';
import { readRowInputs } from '../../workers/image/head-data.ts';
import { photoHashes, readEmbeddings } from '@shared/db/photo-store.ts';
import { fromFloat16, toFloat16 } from '../../workers/lifecycle/quantize.ts';
import { attachPhotos } from '../../workers/image/attach-photos.ts';
import { embedPhotos, type EmbedDeps } from '../../workers/image/embed-job.ts';
import { activationRows } from '../../workers/image/activation-rows.ts';
import { embedderWithTop } from '../../workers/image/backbones.ts';
import {
  disposeTop,
  foldTop,
  topForward,
  type TopWeights,
} from '../../workers/image/top-blocks.ts';
import { toBackboneInput, type Pixels } from '../../workers/image/preprocess.ts';
import { centreView, mirrorView } from '../../workers/image/augment.ts';
import { tinyMobileNetV2 } from '../fixtures/tiny-mobilenet-v2.ts';
import { datasetRecord } from './catalogue-fixture.ts';
import { useWasmBackend } from './tf-setup.ts';

/** Half precision keeps 11 significant bits: relative error at most 2^-11 (normal range). */
const HALF_RELATIVE = 2 ** -11;
const HALF_SMALLEST = 2 ** -24;

let db: ShelfwiseDb;
let model: tf.Sequential;
let base: tf.LayersModel;
let top: TopWeights;
beforeAll(async () => {
  await useWasmBackend();
  db = await openShelfwiseDb(`shelfwise-activations-${Math.random().toString(36).slice(2)}`);
  model = tinyMobileNetV2();
  const network = model.layers[0] as tf.LayersModel;
  base = tf.model({ inputs: network.inputs, outputs: network.getLayer('block_15_add').output });
  top = foldTop(network, [16]);
});
afterAll(() => {
  disposeTop(top);
  model.dispose();
  db.close();
});

describe('float16', () => {
  it('stays within half precision of every value, across magnitudes and signs', () => {
    const values = Float32Array.from({ length: 20_000 }, (_, i) => {
      const magnitude = 10 ** ((i % 11) - 6); // up to 2e4, within half's range (65,504)
      return (i % 2 ? -1 : 1) * magnitude * (1 + ((i * 7919) % 1000) / 1000);
    });
    const back = fromFloat16(toFloat16(values));
    values.forEach((value, i) => {
      const error = Math.abs((back[i] as number) - value);
      expect(error).toBeLessThanOrEqual(Math.abs(value) * HALF_RELATIVE + HALF_SMALLEST);
    });
  });
});

/** A photo whose first byte sets a colour that differs left from right (not mirror-symmetric). */
const photoFile = (path: string, level: number) => ({
  path,
  file: new Blob([new Uint8Array([level, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, level])]),
});

function pixelsOf(level: number): Pixels {
  const width = 64;
  const height = 48;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data.set(
        [x < width / 2 ? level : 255 - level, (y * 5) % 256, (x * 3) % 256, 255],
        (y * width + x) * 4,
      );
  return { data, width, height };
}

function deps(): EmbedDeps {
  return {
    backboneId: 'tiny-v2',
    backbone: embedderWithTop(base, top),
    dimensions: 16,
    inputSize: 56,
    decode: async (bytes) => pixelsOf(new Uint8Array(bytes)[0] ?? 0),
    cut: { layer: 'block_15_add', base, top },
  };
}

describe('the activation cache', () => {
  it('round-trips the activations at the cut within float16, with both views', async () => {
    const rows: StoredRow[] = Array.from({ length: 5 }, (_, i) => ({
      line: i + 2,
      id: `${i}`,
      title: '',
      description: '',
      category: i % 2 ? 'a' : 'b',
      image: `p${i}.jpg`,
    }));
    await db.put('datasets', datasetRecord('d', rows));
    await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
    await attachPhotos(
      db,
      undefined,
      { datasetId: 'd', photos: rows.map((row, i) => photoFile(row.image, 20 + 40 * i)) },
      () => undefined,
    );
    const before = tf.memory().numTensors;
    const request = {
      datasetId: 'd',
      augmentViews: 0,
      views: ['centre' as const, 'mirror' as const],
      activations: true,
    };
    const first = await embedPhotos(db, undefined, request, deps(), () => undefined);
    expect(first).toMatchObject({ photos: 5, embedded: 5, cached: 0, problems: [] });
    const again = await embedPhotos(db, undefined, request, deps(), () => undefined);
    expect(again).toMatchObject({ embedded: 0, cached: 5 });
    expect(tf.memory().numTensors).toBe(before);

    // Each view's activations are the network's at the cut, to half precision.
    const hash = (await photoHashes(db, 'd')).get('p1.jpg') as string;
    const pixels = pixelsOf(60);
    const input = toBackboneInput(pixels, [centreView(64, 48), mirrorView(64, 48)], 56);
    const map = base.predict(input) as tf.Tensor4D;
    const expected = map.dataSync() as Float32Array;
    const width = expected.length / 2;
    const [centre, mirror] = await readActivations(db, [
      activationKey('tiny-v2', 'block_15_add', hash, 'centre'),
      activationKey('tiny-v2', 'block_15_add', hash, 'mirror'),
    ]);
    expect(centre).toBeInstanceOf(Uint16Array);
    expect(centre).toHaveLength(width);
    [centre, mirror].forEach((bits, view) => {
      const values = fromFloat16(bits as Uint16Array);
      values.forEach((value, i) => {
        const truth = expected[view * width + i] as number;
        expect(Math.abs(value - truth)).toBeLessThanOrEqual(
          Math.abs(truth) * HALF_RELATIVE + HALF_SMALLEST,
        );
      });
    });
    // The mirror is another view, not a copy of the centre.
    expect(Array.from(centre as Uint16Array)).not.toEqual(Array.from(mirror as Uint16Array));

    // The embeddings cached beside them are the shipped top's output on those activations.
    const pooled = tf.tidy(() => topForward(map, top).dataSync() as Float32Array);
    const [embedding, mirrored] = await readEmbeddings(db, [
      embeddingKey('tiny-v2', hash, 0),
      embeddingKey('tiny-v2', hash, 'mirror'),
    ]);
    Array.from(embedding as Float32Array).forEach((v, i) =>
      expect(v).toBeCloseTo(pooled[i] as number, 5),
    );
    Array.from(mirrored as Float32Array).forEach((v, i) =>
      expect(v).toBeCloseTo(pooled[16 + i] as number, 5),
    );
    tf.dispose([input, map]);

    // The size shown: every view, at two bytes a value.
    expect(await activationCacheSize(db, 'tiny-v2@block_15_add/')).toEqual({
      views: 10,
      bytes: 10 * width * 2,
    });
  });

  it('embeds a square photo once per distinct view: its whole-photo views are aliases', async () => {
    const rows: StoredRow[] = [
      { line: 2, id: 's', title: '', description: '', category: 'a', image: 'square.jpg' },
      { line: 3, id: 'w', title: '', description: '', category: 'b', image: 'wide.jpg' },
    ];
    await db.put('datasets', datasetRecord('sq', rows));
    await db.put('rowChunks', { datasetId: 'sq', chunk: 0, rows });
    await attachPhotos(
      db,
      undefined,
      { datasetId: 'sq', photos: [photoFile('square.jpg', 1), photoFile('wide.jpg', 2)] },
      () => undefined,
    );
    const batches: number[] = [];
    const counting: EmbedDeps = {
      ...deps(),
      // Level 1 decodes square, level 2 wide.
      decode: async (bytes) => {
        const level = new Uint8Array(bytes)[0] ?? 0;
        const pixels = pixelsOf(level * 50);
        return level === 1
          ? { ...pixels, width: 48, data: pixels.data.slice(0, 48 * 48 * 4) }
          : pixels;
      },
      cut: {
        ...(deps().cut as NonNullable<EmbedDeps['cut']>),
        base: {
          predict: (input) => {
            batches.push(input.shape[0] as number);
            return base.predict(input);
          },
          dispose: () => undefined,
        },
      },
    };
    const views = ['centre', 'mirror', 'whole', 'whole-mirror'] as const;
    const request = { datasetId: 'sq', augmentViews: 0, views: [...views], activations: true };
    await embedPhotos(db, undefined, request, counting, () => undefined);
    // Two views of the square photo and four of the wide one, in one batch.
    expect(batches).toEqual([6]);
    expect(await embedPhotos(db, undefined, request, counting, () => undefined)).toMatchObject({
      embedded: 0,
      cached: 2,
    });
    const hashes = await photoHashes(db, 'sq');
    const rowsRead = await readRowInputs(db, 'sq', rows, 'tiny-v2', 16, 0, new Set(), [...views]);
    expect(rowsRead.map((row) => row.images.length)).toEqual([4, 4]);
    // The square photo's whole view is its centre view.
    expect(Array.from(rowsRead[0]?.images[2] as Float32Array)).toEqual(
      Array.from(rowsRead[0]?.images[0] as Float32Array),
    );
    expect(Array.from(rowsRead[1]?.images[2] as Float32Array)).not.toEqual(
      Array.from(rowsRead[1]?.images[0] as Float32Array),
    );
    const cached = new Set(await activationKeysOf(db, 'tiny-v2@block_15_add/'));
    const square = resolveActivationKeys(
      cached,
      'tiny-v2',
      'block_15_add',
      hashes.get('square.jpg') as string,
      views,
    );
    expect(square?.[2]).toBe(square?.[0]);
    expect(square?.[3]).toBe(square?.[1]);
  });

  it('reads the same rows from memory and from IndexedDB a batch at a time', async () => {
    const hashes = [...(await photoHashes(db, 'd')).values()];
    const rows = hashes.flatMap((hash, i) =>
      (['centre', 'mirror'] as const).map((view) => ({
        key: activationKey('tiny-v2', 'block_15_add', hash, view),
        label: i % 2,
      })),
    );
    const shape = [7, 7, 8] as const;
    const resident = await activationRows(db, rows, shape, 2);
    const streamed = await activationRows(db, rows, shape, 2, 0);
    const ids = [3, 0, 9, 4];
    expect(Array.from(await streamed.read(ids))).toEqual(Array.from(await resident.read(ids)));
    expect(Array.from(streamed.labels)).toEqual(rows.map((row) => row.label));
    await expect(
      (
        await activationRows(
          db,
          [{ key: 'tiny-v2@block_15_add/gone/centre', label: 0 }],
          shape,
          1,
          0,
        )
      ).read([0]),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });
});
