import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FALLBACK_BACKEND,
  trainWithFallback,
  type FallbackNotice,
  type TrainAttempt,
} from '../../src/features/train/backend-fallback.ts';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { fallbackText } from '../../src/features/train/fallback-text.ts';
import { i18n } from '../../src/i18n/i18n.ts';
import { appError } from '@shared/errors.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { TrainJobProgress } from '@shared/contracts/train.ts';
import { simulateFailure } from '../../workers/backend/memory-guard.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);

const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
const OPTIONS = { ...DEFAULT_TRAIN_OPTIONS, epochs: 5, patience: 10 };

async function catalogueDb() {
  const db = await openShelfwiseDb(`fallback-${Math.random().toString(36).slice(2)}`);
  await db.put('datasets', datasetRecord('d', rows));
  await db.put('rowChunks', { datasetId: 'd', chunk: 0, rows });
  return db;
}

/**
 * The page's fallback loop around the real train job and its real resume path. Node has no
 * GPU, so "webgpu" attempts run on TF.js's cpu kernels; the failure itself is injected
 * through the memory guard's test hook, as the app's test API does in the browser.
 */
async function trainAndRecover(startOn: BackendName) {
  const db = await catalogueDb();
  let runId: string | undefined;
  const epochsPerAttempt: number[][] = [];
  const notices: FallbackNotice[] = [];
  let restarts = 0;
  const model = await trainWithFallback(
    { backend: startOn },
    {
      async train(attempt: TrainAttempt) {
        await tf.setBackend(attempt.backend === 'webgpu' ? 'cpu' : attempt.backend);
        const epochs: number[] = [];
        epochsPerAttempt.push(epochs);
        return runTrainJob(
          db,
          undefined,
          {
            datasetId: 'd',
            backend: attempt.backend,
            options: OPTIONS,
            resumeRunId: attempt.resumeRunId,
          },
          (progress: TrainJobProgress) => {
            if (progress.kind === 'started') runId = progress.runId;
            if (progress.kind === 'epoch') epochs.push(progress.summary.epoch);
          },
        );
      },
      runId: () => runId,
      checkpointEpoch: async (id) => (await db.get('checkpoints', id))?.checkpoint.epoch ?? null,
      restartWorker: () => (restarts += 1),
      onFallback: (notice) => notices.push(notice),
    },
  );
  await tf.setBackend('wasm');
  return { db, model, runId, epochsPerAttempt, notices, restarts };
}

describe('falling back to another backend', () => {
  it('continues a run whose device was lost on wasm, from its last checkpoint', async () => {
    const before = tf.memory().numTensors;
    simulateFailure({ kind: 'BackendLost', atEpoch: 3 });
    const { db, model, runId, epochsPerAttempt, notices, restarts } =
      await trainAndRecover('webgpu');
    // Epochs 1-2 ran on "webgpu"; epoch 3 failed at its first batch; wasm did 3, 4 and 5.
    expect(epochsPerAttempt).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(restarts).toBe(1);
    expect(notices).toEqual([
      {
        from: 'webgpu',
        to: 'wasm',
        resumedAfterEpoch: 2,
        cause: 'BackendLost',
      },
    ]);
    // One model of the one run, with the whole history, saved as trained on wasm.
    expect(model.id).toBe(runId?.replace(/^run-/, 'model-'));
    expect(model.backend).toBe('wasm');
    expect(model.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(model.evaluation.metrics.accuracy).toBeGreaterThan(0.8);
    expect(await db.count('checkpoints')).toBe(0);
    expect(await db.count('models')).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts again on the next backend when no epoch had finished', async () => {
    simulateFailure({ kind: 'OutOfMemory', atEpoch: 1 });
    const { model, epochsPerAttempt, notices } = await trainAndRecover('wasm');
    expect(epochsPerAttempt).toEqual([[], [1, 2, 3, 4, 5]]);
    expect(notices).toEqual([
      { from: 'wasm', to: 'cpu', resumedAfterEpoch: null, cause: 'OutOfMemory' },
    ]);
    expect(model.backend).toBe('cpu');
  });

  it('does not retry a leak, nor a failure with no backend left', async () => {
    const notices: FallbackNotice[] = [];
    const deps = (error: Error) => ({
      train: () => Promise.reject(error),
      runId: () => undefined,
      checkpointEpoch: async () => null,
      restartWorker: () => undefined,
      onFallback: (notice: FallbackNotice) => notices.push(notice),
    });
    const leak = appError('TensorLeak', 'leaks');
    await expect(trainWithFallback({ backend: 'webgpu' }, deps(leak))).rejects.toBe(leak);
    const lost = appError('BackendLost', 'gone');
    await expect(trainWithFallback({ backend: 'cpu' }, deps(lost))).rejects.toBe(lost);
    expect(notices).toEqual([]);
    expect(FALLBACK_BACKEND.webgl).toBe('wasm');
  });

  it('says what stopped and where the run went on, in English and in Chinese', async () => {
    const notice: FallbackNotice = {
      from: 'webgl',
      to: 'wasm',
      resumedAfterEpoch: 4,
      cause: 'BackendLost',
    };
    await i18n.changeLanguage('en');
    expect(fallbackText(notice, i18n.t)).toBe(
      'WebGL stopped (device lost); continued on wasm from the checkpoint of epoch 4.',
    );
    expect(fallbackText({ ...notice, resumedAfterEpoch: null, cause: 'OutOfMemory' }, i18n.t)).toBe(
      'WebGL stopped (out of memory); started again on wasm, as no epoch had finished.',
    );
    await i18n.changeLanguage('zh-CN');
    expect(fallbackText(notice, i18n.t)).not.toMatch(/stopped|continued|epoch/);
    await i18n.changeLanguage('en');
  });
});
