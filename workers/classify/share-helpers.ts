import { proxy, wrap } from 'comlink';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { isRequestReport } from '@shared/request-report.ts';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { currentBackend } from '../backend/backends.ts';
import { RESIDENT_VALUE_LIMIT } from '../model/resident-weights.ts';
import type { CatalogueShareApi } from './catalogue-share-api.ts';
import type { ShareRunner } from './classify-catalogue.ts';
import type { LoadedClassifier } from './classify.ts';

/**
 * Catalogues smaller than this are classified by the classify worker alone. A helper first
 * loads TF.js and the model, 1 to 2.5 s here, about as long as 20,000 rows take alone: at
 * 20,000 and 40,000 rows one helper changed nothing (2.00 s and 3.0 s either way), at 300,000
 * it cut classify-all from 15.6 to 10.6 s (two cores, `npm run bench:scale`).
 */
export const SHARED_CATALOGUE_MIN_ROWS = 20_000;
/** Each helper holds its own copy of the model: a few cores' worth is the most that pays. */
const MAX_HELPERS = 3;

/**
 * How many helpers classify-all starts: none on a GPU (one device: a second worker would only
 * queue on it), for a model too large to keep on the backend twice, or on one core.
 */
export function shareHelperCount(
  rowCount: number,
  backend: BackendName,
  classifier: LoadedClassifier,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
): number {
  if (rowCount < SHARED_CATALOGUE_MIN_ROWS) return 0;
  if (backend !== 'wasm' && backend !== 'cpu') return 0;
  if (classifier.model.weights.length > RESIDENT_VALUE_LIMIT) return 0;
  return Math.max(0, Math.min(MAX_HELPERS, cores - 1));
}

export interface ShareHelpers {
  runners: ShareRunner[];
  stop(): void;
}

/**
 * Starts `count` helper workers for `modelId` and its dataset, on this worker's backend; each
 * loads the model once, before its first share. `stop` ends them.
 */
export function startShareHelpers(count: number, modelId: string, datasetId: string): ShareHelpers {
  const workers = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./catalogue-share.worker.ts', import.meta.url), {
        type: 'module',
        // The same name: the helper opens the same database (a kiosk visit has its own).
        name: self.name,
      }),
  );
  const runners = workers.map((worker, index): ShareRunner => {
    // The page's privacy indicator counts the helper's requests too.
    worker.addEventListener('message', (event: MessageEvent) => {
      if (isRequestReport(event.data)) self.postMessage(event.data);
    });
    const crashed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        // A worker that dies mid-job has almost always run out of memory.
        reject(appError('OutOfMemory', `A classify-all helper stopped: ${event.message}`));
      }),
    );
    // Only a race below listens to it: a crash after the job is over is nobody's failure.
    crashed.catch(() => undefined);
    const api = wrap<CatalogueShareApi>(worker);
    let ready: Promise<unknown> | null = null;
    let shares = 0;
    return async (signal, share, onRows) => {
      const jobId = `share-${index}-${shares++}`;
      // A helper that has already stopped has nothing to cancel.
      const cancel = () => {
        api.cancel(jobId).catch(() => undefined);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        ready ??= api.useBackend(currentBackend()).then(() => api.prepare(modelId, datasetId));
        await Promise.race([ready, crashed]);
        throwIfAborted(signal);
        return await Promise.race([api.classifyShare(jobId, share, proxy(onRows)), crashed]);
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    };
  });
  return { runners, stop: () => workers.forEach((worker) => worker.terminate()) };
}
