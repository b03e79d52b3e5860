import {
  parseTaxonomyFile,
  type StandardTaxonomy,
  type TaxonomyFile,
  type TaxonomyInfo,
} from '@shared/taxonomy/standard-taxonomy.ts';
import { buildSearchIndex, type TaxonomySearchIndex } from '@shared/taxonomy/taxonomy-search.ts';

/** Where the bundled taxonomies are served from: the app's own origin, next to index.html. */
export const TAXONOMY_BASE_URL = new URL(`${import.meta.env.BASE_URL}taxonomies/`, document.baseURI)
  .href;

export interface LoadedTaxonomy {
  taxonomy: StandardTaxonomy;
  search: TaxonomySearchIndex;
}

let catalogue: Promise<TaxonomyInfo[]> | null = null;
const loaded = new Map<string, Promise<LoadedTaxonomy>>();

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok)
    throw Object.assign(new Error(`${url} could not be read (${response.status})`), {
      name: 'NotFound',
    });
  return (await response.json()) as T;
}

/** The bundled taxonomies (a small index; the trees themselves load on first use). */
export function listTaxonomies(): Promise<TaxonomyInfo[]> {
  catalogue ??= fetchJson<TaxonomyInfo[]>(`${TAXONOMY_BASE_URL}index.json`);
  return catalogue;
}

/** Fetches and indexes one taxonomy once per page; later calls share the result. */
export function loadTaxonomy(info: TaxonomyInfo): Promise<LoadedTaxonomy> {
  let pending = loaded.get(info.id);
  if (!pending) {
    pending = fetchJson<TaxonomyFile>(`${TAXONOMY_BASE_URL}${info.file}`).then((file) => {
      const taxonomy = parseTaxonomyFile(file);
      const languages = taxonomy.info.languages.filter((language) => language !== 'en');
      const search = buildSearchIndex(
        taxonomy.tree,
        languages.map((language) => taxonomy.names[language] ?? []),
      );
      return { taxonomy, search };
    });
    pending.catch(() => loaded.delete(info.id));
    loaded.set(info.id, pending);
  }
  return pending;
}
