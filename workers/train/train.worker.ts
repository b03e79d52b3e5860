import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { openShelfwiseDb } from '../../src/shared/db/open.ts';
import { databaseNameOfWorker } from '../../src/shared/db/database-name.ts';
import { reportRequestsToPage } from '../request-report.ts';
import type { TrainApi } from '../../src/shared/worker-api.ts';
import { liveTensorCount } from '../backend/tensor-count.ts';
import { currentBackend, useBackend } from '../backend/backends.ts';
import { measureBackends } from '../backend/measure-backends.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { runTrainJob } from './train-job.ts';
import { crossCheckCatalogue } from './cross-check.ts';
import { simulateFailure } from '../backend/memory-guard.ts';
import { estimatePresets } from '../deep/estimate.ts';

reportRequestsToPage();
const db = openShelfwiseDb(databaseNameOfWorker(self.name));

const api: TrainApi = {
  async measureBackends(onResult) {
    const before = tf.getBackend();
    const results = await measureBackends(undefined, onResult);
    if (before)
      await useBackend(before as ReturnType<typeof currentBackend>).catch(() => undefined);
    return results;
  },
  async useBackend(backend) {
    await useBackend(backend);
    return currentBackend();
  },
  currentBackend,
  train: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => {
      if (currentBackend() !== request.backend) await useBackend(request.backend);
      return runTrainJob(await db, signal, request, onProgress);
    }),
  cancel: cancelJob,
  crossCheckCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => {
      if (currentBackend() !== request.backend) await useBackend(request.backend);
      return crossCheckCatalogue(await db, signal, request.modelId, request.folds, onProgress);
    }),
  estimatePresets: async (datasetId) => estimatePresets(await db, datasetId),
  tensorCount: liveTensorCount,
  simulateFailure,
};

expose(api);
