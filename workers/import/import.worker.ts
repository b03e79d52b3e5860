import { expose } from 'comlink';
import { openShelfwiseDb } from '../../src/shared/db/open.ts';
import { databaseNameOfWorker } from '../../src/shared/db/database-name.ts';
import { reportRequestsToPage } from '../request-report.ts';
import type { ImportApi } from '../../src/shared/worker-api.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { importCatalogue, resumeImport } from './import-job.ts';
import { previewCatalogue } from './parse-catalogue.ts';

reportRequestsToPage();
const db = openShelfwiseDb(databaseNameOfWorker(self.name));

const api: ImportApi = {
  preview: (file) => previewCatalogue(file),
  importCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => importCatalogue(await db, signal, request, onProgress)),
  resumeImport: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => resumeImport(await db, signal, request, onProgress)),
  cancel: cancelJob,
};

expose(api);
