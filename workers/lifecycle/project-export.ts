import { strToU8 } from 'fflate';
import { APP_VERSION } from '@shared/app-version.ts';
import { throwIfAborted } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { modelName, readModel } from '@shared/db/model-store.ts';
import type { ProjectExport, ProjectProgress } from '@shared/contracts/lifecycle.ts';
import { packColumns } from './binary-columns.ts';
import { writeModelBundle } from './model-bundle.ts';
import { writePhotoBundle } from './photo-bundle.ts';
import { isImportedBackbone } from '@shared/db/records/image.ts';
import {
  CATALOGUE_PREDICTIONS,
  datasetFolder,
  modelFolder,
  NOT_IN_PROJECT,
  photoModelFolder,
  PROJECT_FORMAT,
  PROJECT_FORMAT_VERSION,
  PROJECT_MANIFEST,
  type ProjectManifest,
  projectProgress,
} from './project-format.ts';
import { ZipBlobWriter } from './zip-writer.ts';

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value));

/**
 * Every dataset (rows, corrections, review log, category mappings) and every text model
 * (weights at float32, held-out and catalogue predictions) as one .zip, read from IndexedDB
 * one row chunk or one model at a time. Cancelling stops before the next entry.
 */
export async function exportProject(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  onProgress: (progress: ProjectProgress) => void,
): Promise<ProjectExport> {
  const datasets = (await db.getAll('datasets')).filter((dataset) => dataset.status === 'ready');
  const models = await db.getAll('models');
  const photoModels = await db.getAll('imageModels');
  const chunkKeys = await Promise.all(
    datasets.map((dataset) => db.getAllKeysFromIndex('rowChunks', 'byDataset', dataset.id)),
  );
  const total =
    chunkKeys.reduce((sum, keys) => sum + keys.length, 0) + models.length + photoModels.length;
  const report = projectProgress(onProgress);
  let done = 0;

  const writer = new ZipBlobWriter();
  try {
    const manifest: ProjectManifest = {
      format: PROJECT_FORMAT,
      formatVersion: PROJECT_FORMAT_VERSION,
      appVersion: APP_VERSION,
      exportedAt: Date.now(),
      datasets,
      models: models.map((model) => ({
        id: model.id,
        name: modelName(model),
        datasetId: model.datasetId,
      })),
      photoModels: photoModels.map(({ id, datasetId }) => ({ id, datasetId })),
      leftOut: NOT_IN_PROJECT,
    };
    writer.add(PROJECT_MANIFEST, json(manifest));

    for (const [d, dataset] of datasets.entries()) {
      const folder = datasetFolder(dataset.id);
      for (const key of chunkKeys[d] ?? []) {
        throwIfAborted(signal);
        const chunk = await db.get('rowChunks', key);
        if (chunk) writer.add(`${folder}rows-${chunk.chunk}.json`, json(chunk), 1);
        report('datasetRows', dataset.name, ++done, total);
      }
      const [corrections, log, mappings] = await Promise.all([
        db.getAllFromIndex('corrections', 'byDataset', dataset.id),
        db.getAllFromIndex('reviewLog', 'byDataset', dataset.id),
        db.getAllFromIndex('categoryMappings', 'byDataset', dataset.id),
      ]);
      writer.add(`${folder}corrections.json`, json(corrections));
      writer.add(
        `${folder}review-log.json`,
        json(log.map(({ seq: _renumbered, ...line }) => line)),
      );
      writer.add(`${folder}category-mappings.json`, json(mappings));
    }

    for (const model of models) {
      throwIfAborted(signal);
      const folder = modelFolder(model.id);
      const files = await writeModelBundle(await readModel(db, model.id), 'float32');
      for (const [path, bytes] of files) writer.add(`${folder}${path}`, bytes);
      const predictions = await db.get('cataloguePredictions', model.id);
      if (predictions) {
        const { topClasses, topProbabilities, heldOutPositions, ...rest } = predictions;
        const packed = packColumns({ topClasses, topProbabilities, heldOutPositions });
        writer.add(`${folder}${CATALOGUE_PREDICTIONS}.bin`, packed.bytes);
        writer.add(
          `${folder}${CATALOGUE_PREDICTIONS}.json`,
          json({ ...rest, columns: packed.specs }),
        );
      }
      report('model', modelName(model), ++done, total);
    }
    let exportedPhotoModels = 0;
    for (const model of photoModels) {
      throwIfAborted(signal);
      // A model on an imported network cannot travel without that network: it stays behind.
      if (!isImportedBackbone(model.backbone)) {
        const folder = photoModelFolder(model.id);
        for (const [path, bytes] of await writePhotoBundle(model, null))
          writer.add(`${folder}${path}`, bytes);
        exportedPhotoModels++;
      }
      report('photoModel', model.datasetName, ++done, total);
    }
    const file = await writer.finish();
    report('done', undefined, total, total, true);
    return {
      file,
      datasets: datasets.length,
      models: models.length + exportedPhotoModels,
      bytes: file.size,
    };
  } catch (error) {
    writer.abort();
    throw error;
  }
}
