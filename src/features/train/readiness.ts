import type { DatasetRecord } from '@shared/db/records/catalogue.ts';

/** Fewer products than this cannot be split into training, early-stopping and test rows. */
export const MIN_PRODUCTS = 20;
/** Categories smaller than this are learnt poorly and their figures mean little. */
export const SMALL_CATEGORY = 5;
/** From this share of products without a title, the owner is warned. */
const EMPTY_TITLE_WARNING = 0.05;

/** How many of the products read have a title or a description (the text the model reads). */
export interface TextStats {
  read: number;
  withoutTitle: number;
  withoutText: number;
  /** False when only the first part of a large catalogue was read. */
  complete: boolean;
}

export type Readiness =
  | { kind: 'tooFewProducts'; products: number }
  | { kind: 'oneCategory'; categories: number }
  | { kind: 'noText' }
  | { kind: 'emptyTitles'; share: number; products: number }
  | { kind: 'smallCategories'; categories: string[] };

/** Blocking: training would learn nothing worth using, so it is not offered. */
export const isBlocking = (item: Readiness): boolean =>
  item.kind === 'tooFewProducts' || item.kind === 'oneCategory' || item.kind === 'noText';

/**
 * What stands in the way of a useful model on this catalogue: too few products, a single
 * category, no text at all (blocking), or many products without a title and categories too
 * small to learn (warnings the owner may train past).
 */
export function trainingReadiness(dataset: DatasetRecord, text: TextStats | null): Readiness[] {
  const found: Readiness[] = [];
  const categories = Object.entries(dataset.classCounts);
  if (dataset.rowCount < MIN_PRODUCTS)
    found.push({ kind: 'tooFewProducts', products: dataset.rowCount });
  if (categories.length < 2) found.push({ kind: 'oneCategory', categories: categories.length });
  if (text && text.read > 0) {
    if (text.withoutText === text.read) found.push({ kind: 'noText' });
    else if (text.withoutTitle / text.read >= EMPTY_TITLE_WARNING)
      found.push({
        kind: 'emptyTitles',
        share: text.withoutTitle / text.read,
        products: Math.round((text.withoutTitle / text.read) * dataset.rowCount),
      });
  }
  const small = categories
    .filter(([, rows]) => rows < SMALL_CATEGORY)
    .map(([name]) => name)
    .sort();
  if (small.length > 0 && categories.length >= 2)
    found.push({ kind: 'smallCategories', categories: small });
  return found;
}
