import { expose, transfer } from 'comlink';
import type { LifecycleApi } from '@shared/contracts/lifecycle.ts';
import { liveTensorCount } from '../backend/tensor-count.ts';
import { switchBackend } from '../backend/backends.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { startWorker } from '../worker-start.ts';
import { exportModelBundle } from './export-bundle.ts';
import { importModelBundle } from './import-bundle.ts';
import { exportPhotoModel, importPhotoModel } from './photo-transfer.ts';
import { exportProject } from './project-export.ts';
import { importProject } from './project-import.ts';

const db = startWorker();

const api: LifecycleApi = {
  useBackend: switchBackend,
  async exportModelBundle(modelId, precision) {
    const bundle = await exportModelBundle(await db, modelId, precision);
    return transfer(bundle, [bundle.bytes.buffer]);
  },
  async importModelBundle(file) {
    return importModelBundle(await db, new Uint8Array(await file.arrayBuffer()));
  },
  async exportPhotoModel(modelId) {
    const bytes = await exportPhotoModel(await db, modelId);
    return transfer(bytes, [bytes.buffer]);
  },
  async importPhotoModel(file) {
    return importPhotoModel(await db, new Uint8Array(await file.arrayBuffer()));
  },
  exportProject: (jobId, onProgress) =>
    runJob(jobId, async (signal) => exportProject(await db, signal, onProgress)),
  importProject: (jobId, file, onProgress) =>
    runJob(jobId, async (signal) => importProject(await db, signal, file, onProgress)),
  cancel: cancelJob,
  tensorCount: liveTensorCount,
};

expose(api);
