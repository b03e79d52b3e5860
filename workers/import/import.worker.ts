import { expose } from 'comlink';
import { startWorker } from '../worker-start.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { importCatalogue, resumeImport } from './import-job.ts';
import { previewCatalogue } from './parse-catalogue.ts';

const db = startWorker();

const api: ImportApi = {
  preview: (file) => previewCatalogue(file),
  importCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => importCatalogue(await db, signal, request, onProgress)),
  resumeImport: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => resumeImport(await db, signal, request, onProgress)),
  cancel: cancelJob,
};

expose(api);
