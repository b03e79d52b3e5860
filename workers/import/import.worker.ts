import { expose } from 'comlink';
import { startWorker } from '../worker-start.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import { mergeCategories } from '@shared/db/catalogue-store.ts';
import type { TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { importCatalogue, resumeImport } from './import-job.ts';
import { previewCatalogue, type TaxonomyLoader } from './parse-catalogue.ts';

const db = startWorker();

/** The bundled taxonomies, fetched from the app's own origin (the page says where they are). */
function taxonomyLoader(baseUrl: string | undefined): TaxonomyLoader | undefined {
  if (!baseUrl) return undefined;
  return async (id) => {
    const response = await fetch(new URL(`${id}.json`, baseUrl));
    if (!response.ok) throw new Error(`The ${id} taxonomy could not be read (${response.status})`);
    return (await response.json()) as TaxonomyFile;
  };
}

const api: ImportApi = {
  preview: (file, request = {}) =>
    previewCatalogue(file, request.options, taxonomyLoader(request.taxonomyBaseUrl)),
  importCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) =>
      importCatalogue(
        await db,
        signal,
        { ...request, loadTaxonomy: taxonomyLoader(request.taxonomyBaseUrl) },
        onProgress,
      ),
    ),
  resumeImport: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) =>
      resumeImport(
        await db,
        signal,
        { ...request, loadTaxonomy: taxonomyLoader(request.taxonomyBaseUrl) },
        onProgress,
      ),
    ),
  mergeCategories: async (datasetId, merges) => mergeCategories(await db, datasetId, merges),
  cancel: cancelJob,
};

expose(api);
