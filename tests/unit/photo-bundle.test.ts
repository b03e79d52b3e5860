import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { readModel } from '@shared/db/model-store.ts';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { exportPhotoModel, importPhotoModel } from '../../workers/lifecycle/photo-transfer.ts';
import { exportProject } from '../../workers/lifecycle/project-export.ts';
import { importProject } from '../../workers/lifecycle/project-import.ts';
import { disposeTop, foldTop, savedTop } from '../../workers/image/top-blocks.ts';
import { tinyMobileNetV2 } from '../fixtures/tiny-mobilenet-v2.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';
import { useWasmBackend } from './tf-setup.ts';

const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
const freshDb = () => openShelfwiseDb(`photo-bundle-${Math.random().toString(36).slice(2)}`);

let source: ShelfwiseDb;
let photoModel: ImageModelRecord;

beforeAll(async () => {
  await useWasmBackend();
  source = await freshDb();
  await source.put('datasets', datasetRecord('d', rows));
  await source.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
  const text = await runTrainJob(
    source,
    undefined,
    { datasetId: 'd', backend: 'wasm', options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 2 } },
    () => {},
  );
  const network = tinyMobileNetV2();
  const top = foldTop(network.layers[0] as tf.LayersModel, [16]);
  const labels = text.labels;
  photoModel = {
    id: 'image-model-1',
    datasetId: 'd',
    datasetName: 'd',
    createdAt: 5,
    kind: 'late',
    backbone: 'mobilenet_v2_0.35_224',
    labels,
    weights: [
      {
        name: 'w',
        shape: [16, labels.length],
        data: Float32Array.from({ length: 16 * labels.length }, (_, i) => Math.sin(i)),
      },
      { name: 'b', shape: [labels.length], data: Float32Array.from(labels, (_, i) => i / 10) },
    ],
    hidden: 0,
    textModelId: text.id,
    imageWeight: 0.4,
    textDims: 0,
    augmentViews: 0,
    epochs: 3,
    bestEpoch: 3,
    backend: 'wasm',
    trainMs: 10,
    evaluation: text.evaluation,
    skipped: [],
    views: ['centre', 'mirror'],
    top: {
      layer: 'block_15_add',
      blocks: [16],
      weights: savedTop(top, [16]),
      epochs: 3,
      frozenValidationAccuracy: 0.5,
      history: [{ loss: 1, validationAccuracy: 0.6 }],
    },
  };
  disposeTop(top);
  network.dispose();
  await source.put('imageModels', photoModel);
});

describe('photo model bundles', () => {
  it('carry the head, the fine-tuned top and the fused text model, bit for bit', async () => {
    const zip = await exportPhotoModel(source, photoModel.id);
    const target = await freshDb();
    const imported = await importPhotoModel(target, zip);
    expect(imported.datasetPresent).toBe(false);
    const stored = await target.get('imageModels', imported.model.id);
    expect(stored).toEqual(photoModel);
    // The text model came along and is the same model.
    const text = await readModel(target, photoModel.textModelId as string);
    const original = await readModel(source, photoModel.textModelId as string);
    expect(text.stored.weights[0]?.data).toEqual(original.stored.weights[0]?.data);
    // Imported twice, both are kept.
    const again = await importPhotoModel(target, zip);
    expect(again.previousId).toBe(photoModel.id);
    expect(again.model.id).not.toBe(photoModel.id);
  });

  it('name the damaged file, and refuse what is not a photo bundle', async () => {
    const files = unzipSync(await exportPhotoModel(source, photoModel.id));
    const damaged = files['top.bin'] as Uint8Array;
    damaged[7] = (damaged[7] ?? 0) ^ 0xff;
    await expect(importPhotoModel(await freshDb(), zipSync(files))).rejects.toThrow(
      /top\.bin is damaged/,
    );
    await expect(
      importPhotoModel(await freshDb(), zipSync({ 'shelfwise.json': new Uint8Array([123, 125]) })),
    ).rejects.toThrow(/not a Shelfwise photo model bundle/);
  });

  it('travel in project files with their dataset and text model', async () => {
    const exported = await exportProject(source, undefined, () => {});
    const target = await freshDb();
    const result = await importProject(target, undefined, exported.file, () => {});
    expect(result.models).toBe(2);
    expect(await target.get('imageModels', photoModel.id)).toEqual(photoModel);
    expect(await target.getKey('models', photoModel.textModelId as string)).toBe(
      photoModel.textModelId,
    );
  });
});
