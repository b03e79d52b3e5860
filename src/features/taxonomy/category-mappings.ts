import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { CategoryMappingEntry, CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import type { MappingSuggestion } from '@shared/contracts/taxonomy.ts';
import {
  exportId,
  localisedPath,
  type StandardTaxonomy,
} from '@shared/taxonomy/standard-taxonomy.ts';

export function readMapping(
  db: ShelfwiseDb,
  datasetId: string,
  taxonomyId: string,
): Promise<CategoryMappingRecord | undefined> {
  return db.get('categoryMappings', [datasetId, taxonomyId]);
}

export async function saveMapping(db: ShelfwiseDb, record: CategoryMappingRecord): Promise<void> {
  await db.put('categoryMappings', { ...record, updatedAt: Date.now() });
}

/** A fresh table from the worker's suggestions: each category gets its best node, unconfirmed. */
export function mappingFromSuggestions(
  datasetId: string,
  taxonomy: StandardTaxonomy,
  suggestions: readonly MappingSuggestion[],
): CategoryMappingRecord {
  return {
    datasetId,
    taxonomyId: taxonomy.info.id,
    taxonomyVersion: taxonomy.info.version,
    updatedAt: Date.now(),
    entries: suggestions.map(({ category, candidates }): CategoryMappingEntry => ({
      shopCategory: category,
      nodeId: candidates[0]?.nodeId ?? null,
      score: candidates[0]?.score ?? null,
      source: 'suggested',
    })),
  };
}

/** A mapping the owner stands behind: confirmed, edited by hand, or accepted in bulk. */
export const isConfirmed = (entry: CategoryMappingEntry): boolean =>
  entry.source !== 'suggested' && entry.nodeId !== null;

/**
 * Accepts, in one go, every suggestion scoring at least `minScore`: the owner saw that score
 * and chose it. Suggestions below it stay unconfirmed and are not exported.
 */
export function acceptSuggestionsAbove(
  mapping: CategoryMappingRecord,
  minScore: number,
): CategoryMappingRecord {
  return {
    ...mapping,
    entries: mapping.entries.map((entry) =>
      entry.source === 'suggested' &&
      entry.nodeId !== null &&
      entry.score !== null &&
      entry.score >= minScore
        ? { ...entry, source: 'confirmed' }
        : entry,
    ),
  };
}

/** How many suggestions an `acceptSuggestionsAbove(mapping, minScore)` would accept. */
export const suggestionsAbove = (mapping: CategoryMappingRecord, minScore: number): number =>
  mapping.entries.filter(
    (e) => e.source === 'suggested' && e.nodeId !== null && e.score !== null && e.score >= minScore,
  ).length;

export interface ExportPrediction {
  label: string;
  probability: number;
}

/**
 * The rows of the export: each product with its category (predicted when a model is given,
 * else its own) and the mapped standard id and path. Only mappings the owner confirmed are
 * written: an unconfirmed suggestion (a guess from names, sometimes far off) leaves both empty.
 */
export function exportRows(
  rows: readonly StoredRow[],
  mapping: CategoryMappingRecord,
  taxonomy: StandardTaxonomy,
  predictions: readonly (ExportPrediction | undefined)[] | null,
): Record<string, string>[] {
  const column = taxonomy.info.exportColumn;
  const nodeOf = new Map(
    mapping.entries.filter(isConfirmed).map((entry) => [entry.shopCategory, entry.nodeId]),
  );
  return rows.map((row, i) => {
    const prediction = predictions?.[i];
    const category = prediction ? prediction.label : row.category;
    const nodeId = nodeOf.get(category) ?? null;
    const node = nodeId === null ? undefined : taxonomy.tree.byId.get(nodeId);
    return {
      id: row.id,
      title: row.title,
      category: row.category,
      ...(predictions
        ? {
            predicted_category: prediction?.label ?? '',
            confidence: prediction ? prediction.probability.toFixed(4) : '',
          }
        : {}),
      [column]: nodeId === null ? '' : exportId(taxonomy.info, nodeId),
      [`${column}_path`]: node === undefined ? '' : localisedPath(taxonomy, node, 'en').join(' > '),
    };
  });
}
