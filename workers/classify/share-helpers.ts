import { proxy, wrap, type Remote } from 'comlink';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { isRequestReport } from '@shared/request-report.ts';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { currentBackend } from '../backend/backends.ts';
import { RESIDENT_VALUE_LIMIT } from '../model/resident-weights.ts';
import type { CatalogueShareApi } from './catalogue-share-api.ts';
import type { CatalogueShare, ShareRunner } from './classify-catalogue.ts';
import type { FoldRunner } from './cross-check.ts';

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
 * Helpers a whole-catalogue job may start: one per spare core, at most MAX_HELPERS; none on a
 * GPU (one device: a second worker would only queue on it), or for a model (of `modelValues`
 * weights) too large to hold twice.
 */
function spareCoreHelpers(backend: BackendName, modelValues: number, cores: number): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 0;
  if (modelValues > RESIDENT_VALUE_LIMIT) return 0;
  return Math.max(0, Math.min(MAX_HELPERS, cores - 1));
}

/** How many helpers classify-all starts: none for a catalogue under SHARED_CATALOGUE_MIN_ROWS. */
export function shareHelperCount(
  rowCount: number,
  backend: BackendName,
  modelValues: number,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
): number {
  return rowCount < SHARED_CATALOGUE_MIN_ROWS ? 0 : spareCoreHelpers(backend, modelValues, cores);
}

/** Weights of a stored model's linear half: what a helper holds a copy of. */
export function modelValues(weights: readonly SavedTensor[]): number {
  return weights.reduce((sum, tensor) => sum + tensor.data.length, 0);
}

/**
 * How many helpers a cross-check starts, for any catalogue (a fold model trains for longer
 * than a helper takes to start): never more than the folds after this worker's first.
 */
export function foldHelperCount(
  folds: number,
  backend: BackendName,
  modelValues: number,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
): number {
  return Math.min(folds - 1, spareCoreHelpers(backend, modelValues, cores));
}

export interface Helpers<Runner> {
  runners: Runner[];
  stop(): void;
}

type HelperApi = Remote<CatalogueShareApi>;

/**
 * Starts `count` helper workers whose runners each call `call` as one job on their helper
 * (with the runner's arguments), after `prepare` (once per helper, on this worker's backend).
 * A runner's job is cancelled when its signal aborts, and rejects if its helper dies.
 */
function startHelpers<Args extends unknown[], T>(
  count: number,
  prepare: (api: HelperApi) => Promise<void>,
  call: (api: HelperApi, jobId: string, ...args: Args) => Promise<T>,
): Helpers<(signal: AbortSignal, ...args: Args) => Promise<T>> {
  const workers = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./catalogue-share.worker.ts', import.meta.url), {
        type: 'module',
        // The same name: the helper opens the same database (a kiosk visit has its own).
        name: self.name,
      }),
  );
  const runners = workers.map((worker, index) => {
    // The page's privacy indicator counts the helper's requests too.
    worker.addEventListener('message', (event: MessageEvent) => {
      if (isRequestReport(event.data)) self.postMessage(event.data);
    });
    const crashed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        // A worker that dies mid-job has almost always run out of memory.
        reject(appError('OutOfMemory', `A helper worker stopped: ${event.message}`));
      }),
    );
    // Only a race below listens to it: a crash after the job is over is nobody's failure.
    crashed.catch(() => undefined);
    const api = wrap<CatalogueShareApi>(worker);
    let ready: Promise<void> | null = null;
    let jobs = 0;
    return async (signal: AbortSignal, ...args: Args): Promise<T> => {
      const jobId = `helper-${index}-${jobs++}`;
      // A helper that has already stopped has nothing to cancel.
      const cancel = () => {
        api.cancel(jobId).catch(() => undefined);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        ready ??= api.useBackend(currentBackend()).then(() => prepare(api));
        await Promise.race([ready, crashed]);
        throwIfAborted(signal);
        return await Promise.race([call(api, jobId, ...args), crashed]);
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    };
  });
  return { runners, stop: () => workers.forEach((worker) => worker.terminate()) };
}

/**
 * Starts `count` helpers for classify-all with `modelId` and its dataset; each loads the model
 * once, before its first share. `stop` ends them.
 */
export function startShareHelpers(
  count: number,
  modelId: string,
  datasetId: string,
): Helpers<ShareRunner> {
  return startHelpers(
    count,
    (api) => api.prepare(modelId, datasetId),
    (api, jobId, share: CatalogueShare, onRows: (done: number) => void) =>
      api.classifyShare(jobId, share, proxy(onRows)),
  );
}

/**
 * Starts `count` helpers for a cross-check of `modelId` in `folds` folds; each reads the model
 * and rows once, before its first fold. `stop` ends them.
 */
export function startFoldHelpers(
  count: number,
  modelId: string,
  folds: number,
): Helpers<FoldRunner> {
  return startHelpers(
    count,
    (api) => api.prepareCrossCheck(modelId, folds),
    (api, jobId, fold: number, onFraction: (fraction: number) => void) =>
      api.crossCheckFold(jobId, fold, proxy(onFraction)),
  );
}
