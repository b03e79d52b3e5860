import { expose } from 'comlink';
import { openShelfwiseDb } from '../../src/shared/db/open.ts';
import type { ImportApi } from '../../src/shared/worker-api.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { importCatalogue } from './import-job.ts';
import { previewCatalogue } from './parse-catalogue.ts';

const db = openShelfwiseDb();

const api: ImportApi = {
  preview: (file) => previewCatalogue(file),
  importCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => importCatalogue(await db, signal, request, onProgress)),
  cancel: cancelJob,
};

expose(api);
