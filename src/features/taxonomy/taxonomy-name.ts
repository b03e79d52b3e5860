import type { TFunction } from 'i18next';
import type { TaxonomyInfo } from '@shared/taxonomy/standard-taxonomy.ts';

const NAMED = ['shopify', 'google', 'bestbuy'] as const;

/** A bundled taxonomy's name in the interface's language; another one's as its file gives it. */
export function taxonomyName(info: Pick<TaxonomyInfo, 'id' | 'name'>, t: TFunction): string {
  const id = NAMED.find((known) => known === info.id);
  return id ? t(`taxonomy.names.${id}`) : info.name;
}
