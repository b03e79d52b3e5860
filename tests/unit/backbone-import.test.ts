import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { deleteBackbone, listBackbones } from '@shared/db/backbone-store.ts';
import type { InputScaling } from '@shared/db/records/image.ts';
import { centreView } from '../../workers/image/augment.ts';
import { embedBatch } from '../../workers/image/backbones.ts';
import { BackboneCache, describeBackbone } from '../../workers/image/backbone-catalog.ts';
import { importBackbone } from '../../workers/image/import-backbone.ts';
import type { ModelFile } from '../../workers/image/model-files.ts';
import { toBackboneInput } from '../../workers/image/preprocess.ts';
import {
  saveToFiles,
  tinyGraphBackbone,
  tinyImageBackbone,
  type ModelOnDisk,
} from '../fixtures/tiny-backbone.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);

const freshDb = () => openShelfwiseDb(`backbones-${Math.random().toString(36).slice(2)}`);

const buffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function asFiles(disk: ModelOnDisk, folder = 'tiny-net'): ModelFile[] {
  return [
    { path: `${folder}/model.json`, bytes: buffer(new TextEncoder().encode(disk.modelJson)) },
    ...disk.shards.map((shard) => ({
      path: `${folder}/${shard.name}`,
      bytes: buffer(shard.bytes),
    })),
  ];
}

async function filesOf(model: tf.LayersModel, shards = 1): Promise<ModelFile[]> {
  const files = asFiles(await saveToFiles(model, shards));
  model.dispose();
  return files;
}

const importImage = (
  db: Awaited<ReturnType<typeof freshDb>>,
  files: ModelFile[],
  inputScaling: InputScaling = 'minusOneToOne',
) => importBackbone(db, { name: '', kind: 'image', inputScaling, files });

/** Rejects with this error name and a message matching `message`, and stores nothing. */
async function expectRejected(files: ModelFile[], name: string, message: RegExp, kind = 'image') {
  const db = await freshDb();
  const before = tf.memory().numTensors;
  const attempt = importBackbone(db, {
    name: 'x',
    kind: kind as 'image',
    inputScaling: 'minusOneToOne',
    files,
  });
  await expect(attempt).rejects.toMatchObject({ name, message: expect.stringMatching(message) });
  expect(await db.count('backbones')).toBe(0);
  expect(tf.memory().numTensors).toBe(before);
}

describe('importing a TF.js image backbone', () => {
  it('accepts a pooled image network, stores it and embeds photos with it', async () => {
    const db = await freshDb();
    const reference = tinyImageBackbone({ side: 96, dims: 8 });
    const files = asFiles(await saveToFiles(reference, 1));
    const before = tf.memory().numTensors;
    const summary = await importImage(db, files, 'zeroToOne');
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({
      name: 'tiny-net',
      kind: 'image',
      inputShape: [96, 96, 3],
      outputDim: 8,
      pooled: false,
      inputScaling: 'zeroToOne',
      fileName: 'tiny-net/model.json',
    });
    expect(summary.id).toMatch(/^imported-/);
    expect(summary.size).toBe(files[1]?.bytes.byteLength);
    expect(await listBackbones(db)).toEqual([summary]);
    expect(await describeBackbone(db, summary.id)).toEqual({
      id: summary.id,
      dimensions: 8,
      inputSize: [96, 96],
    });

    // The stored network embeds like the original, fed the [0, 1] pixels it was told it wants.
    const cache = new BackboneCache();
    const embedder = await cache.get(db, summary.id, 'http://unused.invalid/');
    const pixels = { data: new Uint8ClampedArray(60 * 40 * 4).fill(200), width: 60, height: 40 };
    const input = toBackboneInput(pixels, [centreView(60, 40)], [96, 96]);
    const embedded = await embedBatch(embedder, input);
    const expected = tf.tidy(() => reference.predict(input.add(1).div(2)) as tf.Tensor).dataSync();
    input.dispose();
    expect(embedded).toHaveLength(8);
    embedded.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
    cache.clear();
    reference.dispose();
  });

  it('pools a network that ends in a feature map and joins shards in manifest order', async () => {
    const db = await freshDb();
    const summary = await importImage(
      db,
      await filesOf(tinyImageBackbone({ side: 128, dims: 6, pooled: false }), 3),
    );
    expect(summary).toMatchObject({ inputShape: [128, 128, 3], outputDim: 6, pooled: true });
  });

  it('accepts a converted graph model and feeds it the pixel range it asked for', async () => {
    const db = await freshDb();
    const summary = await importImage(db, asFiles(tinyGraphBackbone(), 'graph-net'), 'zeroTo255');
    expect(summary).toMatchObject({ inputShape: [128, 128, 3], outputDim: 5, pooled: false });
    const cache = new BackboneCache();
    const embedder = await cache.get(db, summary.id, 'http://unused.invalid/');
    const before = tf.memory().numTensors;
    const pixels = { data: new Uint8ClampedArray(50 * 50 * 4).fill(200), width: 50, height: 50 };
    const input = toBackboneInput(pixels, [centreView(50, 50)], [128, 128]);
    const embedded = await embedBatch(embedder, input);
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
    embedded.forEach((value) => expect(value).toBeCloseTo(1.5 * 200, 2));
    cache.clear();
  });

  it('names the missing shard and stores nothing', async () => {
    const files = await filesOf(tinyImageBackbone(), 2);
    await expectRejected(
      files.filter((file) => !file.path.endsWith('shard2of2.bin')),
      'MissingFile',
      /lists the weight file "group1-shard2of2\.bin", not among the files chosen/,
    );
  });

  it('rejects a truncated shard by its byte count', async () => {
    const files = await filesOf(tinyImageBackbone(), 1);
    const shard = files[1] as ModelFile;
    files[1] = { ...shard, bytes: shard.bytes.slice(0, shard.bytes.byteLength - 8) };
    await expectRejected(
      files,
      'InvalidModel',
      /hold [\d,]+ bytes, but tiny-net\/model\.json describes/,
    );
  });

  it('asks for model.json when only weights were picked', async () => {
    const files = await filesOf(tinyImageBackbone(), 1);
    await expectRejected(files.slice(1), 'MissingFile', /No model\.json among the 1 file chosen/);
  });

  it('rejects files that are not a TF.js model', async () => {
    const text = (s: string) => buffer(new TextEncoder().encode(s));
    await expectRejected(
      [{ path: 'model.json', bytes: text('<html>') }],
      'InvalidModel',
      /^model\.json is not JSON/,
    );
    await expectRejected(
      [{ path: 'model.json', bytes: text('{"name":"shelfwise","version":"1"}') }],
      'InvalidModel',
      /model\.json has no "modelTopology": it is not a TF\.js model\.json/,
    );
    await expectRejected(
      [
        {
          path: 'model.json',
          bytes: text('{"modelTopology":{"nonsense":1},"weightsManifest":[]}'),
        },
      ],
      'InvalidModel',
      /does not load as a TF\.js layers model/,
    );
  });

  it('rejects wrong input sizes, channels and ranks, naming the shape', async () => {
    await expectRejected(
      await filesOf(tinyImageBackbone({ side: 32 })),
      'InvalidModel',
      /input shape \[null, 32, 32, 3\] wants 32×32 pixels; Shelfwise feeds photos of 96 to 512/,
    );
    await expectRejected(
      await filesOf(tinyImageBackbone({ channels: 1 })),
      'InvalidModel',
      /\[null, 96, 96, 1\] has 1 channels; an image backbone takes 3/,
    );
    const flat = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4, 4], units: 3 })],
    });
    await expectRejected(
      await filesOf(flat),
      'InvalidModel',
      /input shape \[null, 4, 4\] has rank 3/,
    );
  });

  it('says text models are not supported yet', async () => {
    const text = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 50, outputDim: 4, inputLength: 12 }),
        tf.layers.globalAveragePooling1d({}),
      ],
    });
    const files = await filesOf(text);
    await expectRejected(files, 'NotSupported', /takes \[null, 12\] \(token ids, a text model\)/);
    await expectRejected(files, 'NotSupported', /^Text backbones are not supported yet/, 'text');
  });

  it('rejects an output that is neither [null, D] nor a feature map', async () => {
    const model = tinyImageBackbone({ pooled: false, dims: 4 });
    model.add(tf.layers.reshape({ targetShape: [24, 24 * 4] }));
    await expectRejected(
      await filesOf(model),
      'InvalidModel',
      /output has shape \[null, 24, 96\] \(rank 3\)/,
    );
  });

  it('rejects a network that gives NaN for a probe image', async () => {
    const model = tinyImageBackbone();
    const [kernel, bias] = model.layers[0]!.getWeights() as [tf.Tensor, tf.Tensor];
    const nan = tf.fill(kernel.shape, Number.NaN);
    model.layers[0]!.setWeights([nan, bias]);
    nan.dispose();
    await expectRejected(await filesOf(model), 'InvalidModel', /gives NaN for a test image/);
  });

  it('deleting a backbone removes its embeddings and no other', async () => {
    const db = await freshDb();
    const summary = await importImage(db, await filesOf(tinyImageBackbone()));
    await db.put('embeddings', { key: `${summary.id}/hash/0`, data: new Float32Array(8) });
    await db.put('embeddings', { key: 'mobilenet_v1_0.75_224/hash/0', data: new Float32Array(2) });
    await deleteBackbone(db, summary.id);
    expect(await listBackbones(db)).toEqual([]);
    expect(await db.getAllKeys('embeddings')).toEqual(['mobilenet_v1_0.75_224/hash/0']);
    await expect(describeBackbone(db, summary.id)).rejects.toMatchObject({ name: 'NotFound' });
  });
});
