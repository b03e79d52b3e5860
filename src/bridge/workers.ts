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
