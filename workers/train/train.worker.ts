import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import type { TrainApi } from '@shared/contracts/train.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { liveTensorCount } from '../backend/tensor-count.ts';
import { currentBackend, switchBackend } from '../backend/backends.ts';
import { measureBackends } from '../backend/measure-backends.ts';
import { simulateFailure } from '../backend/memory-guard.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { startWorker } from '../worker-start.ts';
import { runTrainJob } from './train-job.ts';

const db = startWorker();

const api: TrainApi = {
  async measureBackends(onResult) {
    const before = tf.getBackend() as BackendName | null;
    const results = await measureBackends(undefined, onResult);
    if (before) await switchBackend(before).catch(() => undefined);
    return results;
  },
  useBackend: switchBackend,
  currentBackend,
  train: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => {
      await switchBackend(request.backend);
      return runTrainJob(await db, signal, request, onProgress);
    }),
  cancel: cancelJob,
  tensorCount: liveTensorCount,
  simulateFailure,
};

expose(api);
