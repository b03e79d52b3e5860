import { newId } from '@shared/ids.ts';
import { proxy, wrap, type Remote } from 'comlink';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { ImageApi } from '@shared/contracts/image.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import type { LifecycleApi } from '@shared/contracts/lifecycle.ts';
import type { TaxonomyApi } from '@shared/contracts/taxonomy.ts';
import type { TrainApi } from '@shared/contracts/train.ts';
import { workerNameFor } from '@shared/db/database-name.ts';
import { isRequestReport } from '@shared/request-report.ts';
import { databaseName } from '../app/kiosk.ts';
import { recordRequests } from '../app/request-log.ts';

/** A worker and its typed remote; `terminate` is the last resort for a stuck job. */
export interface WorkerHandle<Api> {
  api: Remote<Api>;
  terminate(): void;
}

function connect<Api>(worker: Worker, kind: string): WorkerHandle<Api> {
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isRequestReport(event.data)) recordRequests(event.data.shelfwiseRequests, kind);
  });
  return { api: wrap<Api>(worker), terminate: () => worker.terminate() };
}

/**
 * One factory per worker, each `new Worker(new URL(...), { ... })` written out in full: Vite
 * finds and bundles a worker's module only from that literal form, options included.
 */
export const createImportWorker = (): WorkerHandle<ImportApi> =>
  connect(
    new Worker(new URL('../../workers/import/import.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('import', databaseName),
    }),
    'import',
  );

export const createTrainWorker = (): WorkerHandle<TrainApi> =>
  connect(
    new Worker(new URL('../../workers/train/train.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('train', databaseName),
    }),
    'train',
  );

export const createClassifyWorker = (): WorkerHandle<ClassifyApi> =>
  connect(
    new Worker(new URL('../../workers/classify/classify.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('classify', databaseName),
    }),
    'classify',
  );

export const createLifecycleWorker = (): WorkerHandle<LifecycleApi> =>
  connect(
    new Worker(new URL('../../workers/lifecycle/lifecycle.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('lifecycle', databaseName),
    }),
    'lifecycle',
  );

export const createTaxonomyWorker = (): WorkerHandle<TaxonomyApi> =>
  connect(
    new Worker(new URL('../../workers/taxonomy/taxonomy.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('taxonomy', databaseName),
    }),
    'taxonomy',
  );

export const createImageWorker = (): WorkerHandle<ImageApi> =>
  connect(
    new Worker(new URL('../../workers/image/image.worker.ts', import.meta.url), {
      type: 'module',
      name: workerNameFor('image', databaseName),
    }),
    'image',
  );

/** Where the shipped backbones are: the app's own origin, next to index.html. */
export const modelsUrl = (): string => new URL('models/', document.baseURI).href;

/** Wraps a callback so the worker can call it across the boundary. */
export const callback = proxy;

export interface CancelDeadline {
  /** How long a job may take to stop before the worker is asked whether it is alive. */
  graceMs?: number;
  /**
   * Answers while the worker's event loop runs: a worker that answers is winding down (saving
   * the best weights, evaluating them) and is left to finish; one that does not is stuck.
   */
  ping?: () => Promise<unknown>;
  /** How long a ping may take before the worker counts as stuck. */
  pingMs?: number;
  /** However alive it is, a job not stopped by then is ended with its worker. */
  maxWaitMs?: number;
}

const answersWithin = (ping: () => Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    ping().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

/**
 * Asks the worker to cancel. If the job has not settled after `graceMs` and the worker does not
 * answer a ping (a step that never yields), the worker is terminated and `onTerminated` lets
 * the owner start a fresh one. A worker that still answers is given more time: terminating
 * one in the middle of saving its work loses that work, and a fresh GPU worker started while
 * the old one's device is being torn down can stall.
 */
export async function cancelWithDeadline(
  settled: Promise<unknown>,
  requestCancel: () => void,
  terminate: () => void,
  { graceMs = 5000, ping, pingMs = 2000, maxWaitMs = 120_000 }: CancelDeadline = {},
): Promise<'cancelled' | 'terminated'> {
  requestCancel();
  const started = Date.now();
  let done = false;
  const finished = settled.then(
    () => (done = true),
    () => (done = true),
  );
  for (;;) {
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    if (done) return 'cancelled';
    const alive = ping && Date.now() - started < maxWaitMs && (await answersWithin(ping, pingMs));
    if (done) return 'cancelled';
    if (!alive) {
      terminate();
      return 'terminated';
    }
  }
}

/** Imports a file with the columns the worker detects, no questions asked (demo, benchmark). */
export async function importWithDetectedColumns(
  importer: WorkerHandle<ImportApi>,
  file: File,
  name: string,
) {
  const preview = await importer.api.preview(file);
  return importer.api.importCatalogue(
    newId('import'),
    { file, fileName: file.name, name, mapping: preview.mapping },
    proxy(() => undefined),
  );
}
