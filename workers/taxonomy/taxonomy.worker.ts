import { expose } from 'comlink';
import { appError } from '@shared/errors.ts';
import { startWorker } from '../worker-start.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import {
  parseTaxonomyFile,
  type StandardTaxonomy,
  type TaxonomyFile,
} from '@shared/taxonomy/standard-taxonomy.ts';
import type { TaxonomyApi } from '@shared/contracts/taxonomy.ts';
import type { ProfileIndex } from './ngram-profile.ts';
import { buildNodeIndex, suggestMappings } from './suggest-mappings.ts';
import { sampleCategories } from './dataset-categories.ts';
import { classifyIntoTaxonomy } from './classify-standard.ts';

const db = startWorker();
const taxonomies = new Map<string, Promise<{ taxonomy: StandardTaxonomy; index: ProfileIndex }>>();

function loadTaxonomy(url: string) {
  let pending = taxonomies.get(url);
  if (!pending) {
    pending = fetch(url).then(async (response) => {
      if (!response.ok) throw appError('NotFound', `${url} could not be read (${response.status})`);
      const taxonomy = parseTaxonomyFile((await response.json()) as TaxonomyFile);
      return { taxonomy, index: buildNodeIndex(taxonomy) };
    });
    pending.catch(() => taxonomies.delete(url));
    taxonomies.set(url, pending);
  }
  return pending;
}

const api: TaxonomyApi = {
  async suggestMappings({ datasetId, taxonomyUrl }) {
    const rows = await readDatasetRows(await db, datasetId);
    if (rows.length === 0) throw appError('NotFound', `Dataset ${datasetId} has no rows`);
    const { taxonomy, index } = await loadTaxonomy(taxonomyUrl);
    return suggestMappings(taxonomy, sampleCategories(rows), index);
  },
  async classifyIntoTaxonomy({ taxonomyUrl, ...request }) {
    if (!(request.priorWeight >= 0 && request.priorWeight <= 1))
      throw appError(
        'InvalidInput',
        `priorWeight must be between 0 and 1, not ${request.priorWeight}`,
      );
    const { taxonomy, index } = await loadTaxonomy(taxonomyUrl);
    return classifyIntoTaxonomy(taxonomy, index, request);
  },
};

expose(api);
