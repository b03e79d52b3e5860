import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { recordDecision } from '@shared/db/corrections.ts';
import { readModel } from '@shared/db/model-store.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import type { ProjectProgress } from '@shared/contracts/lifecycle.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { exportProject } from '../../workers/lifecycle/project-export.ts';
import { importProject } from '../../workers/lifecycle/project-import.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';

const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
const freshDb = () => openShelfwiseDb(`project-${Math.random().toString(36).slice(2)}`);

describe('project archives', () => {
  let source: ShelfwiseDb;
  let model: ModelRecord;
  let archive: Blob;

  beforeAll(async () => {
    await useWasmBackend();
    source = await freshDb();
    // Two chunks, as a large import stores them.
    await source.put('datasets', { ...datasetRecord('d', rows), chunkCount: 2 });
    await source.put('rowChunks', { datasetId: 'd', chunk: 0, rows: rows.slice(0, 200) });
    await source.put('rowChunks', { datasetId: 'd', chunk: 1, rows: rows.slice(200) });
    model = await runTrainJob(
      source,
      undefined,
      { datasetId: 'd', backend: 'wasm', options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 } },
      () => {},
    );
    await recordDecision(source, {
      datasetId: 'd',
      position: 3,
      row: rows[3] as StoredRow,
      action: 'relabel',
      label: 'Apparel > Topwear > Tshirts',
      reviewer: 'test',
      modelId: model.id,
    });
    await source.put('categoryMappings', {
      datasetId: 'd',
      taxonomyId: 'google',
      taxonomyVersion: '1',
      updatedAt: 1,
      entries: [{ shopCategory: 'a', nodeId: '1', score: 1, source: 'confirmed' }],
    });
    await source.put('cataloguePredictions', {
      modelId: model.id,
      datasetId: 'd',
      createdAt: 5,
      topClasses: Int32Array.from([1, 2, 3]),
      topProbabilities: Float32Array.from([0.5, 0.3, 0.2]),
      heldOutPositions: Int32Array.from([7]),
    });
    const progress: ProjectProgress[] = [];
    const exported = await exportProject(source, undefined, (p) => progress.push(p));
    archive = exported.file;
    expect(exported).toMatchObject({ datasets: 1, models: 1, bytes: archive.size });
    expect(progress.at(-1)).toMatchObject({ stage: 'done', done: 3, total: 3 });
  });

  it('brings datasets, corrections, review log, mappings and models back into empty storage', async () => {
    const target = await freshDb();
    const result = await importProject(target, undefined, archive, () => {});
    expect(result).toEqual({ datasets: 1, models: 1, skipped: [] });
    expect(await target.get('datasets', 'd')).toEqual(await source.get('datasets', 'd'));
    expect(await readDatasetRows(target, 'd')).toEqual(rows);
    expect(await target.getAll('corrections')).toEqual(await source.getAll('corrections'));
    expect(await target.getAll('reviewLog')).toEqual(await source.getAll('reviewLog'));
    expect(await target.getAll('categoryMappings')).toEqual(
      await source.getAll('categoryMappings'),
    );
    expect(await target.get('cataloguePredictions', model.id)).toEqual(
      await source.get('cataloguePredictions', model.id),
    );
    const [original, copy] = await Promise.all([
      readModel(source, model.id),
      readModel(target, model.id),
    ]);
    expect(copy).toEqual(original);
  });

  it('skips what is already there (same id) and says so', async () => {
    const target = await freshDb();
    await importProject(target, undefined, archive, () => {});
    const again = await importProject(target, undefined, archive, () => {});
    expect(again.datasets).toBe(0);
    expect(again.models).toBe(0);
    expect(again.skipped).toEqual(['dataset d', expect.stringMatching(/^model /) as unknown]);
    expect(await target.count('reviewLog')).toBe(1);
  });

  it('rejects a cut-off or foreign file and stops when cancelled', async () => {
    const target = await freshDb();
    const bytes = new Uint8Array(await archive.arrayBuffer());
    const offsetOf = (name: string) => Buffer.from(bytes).indexOf(name);
    // Cut inside the model: the dataset before it is complete, the model is not stored.
    await expect(
      importProject(target, undefined, archive.slice(0, offsetOf('/model.json') + 2000), () => {}),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringMatching(/cut short/) as unknown,
    });
    expect((await target.get('datasets', 'd'))?.status).toBe('ready');
    expect(await target.count('models')).toBe(0);
    // Cut inside the second chunk of rows: the first is kept, the dataset marked incomplete.
    const other = await freshDb();
    await expect(
      importProject(other, undefined, archive.slice(0, offsetOf('rows-1.json') + 40), () => {}),
    ).rejects.toMatchObject({ name: 'InvalidInput' });
    expect((await other.get('datasets', 'd'))?.status).toBe('importing');
    expect(await other.count('rowChunks')).toBe(1);
    await expect(
      importProject(target, undefined, new Blob(['id,title\n1,x\n']), () => {}),
    ).rejects.toMatchObject({ name: 'InvalidInput' });
    const controller = new AbortController();
    controller.abort();
    await expect(exportProject(source, controller.signal, () => {})).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
