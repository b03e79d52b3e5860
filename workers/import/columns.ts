/**
 * Which column of a catalogue holds what: detected from the header names, or chosen by the
 * owner, and checked against the headers the file has.
 */
import { appError } from '@shared/errors.ts';
import type { RowProblem } from './row-checks.ts';
import {
  COLUMN_ROLES,
  REQUIRED_ROLES,
  type ColumnMapping,
  type ColumnRole,
} from '@shared/contracts/import.ts';

/** Ordered by preference: the first synonym found among the headers wins. */
const COLUMN_SYNONYMS: Record<ColumnRole, readonly string[]> = {
  id: ['id', 'sku', 'product_id', 'uniq_id', 'handle', 'item_id', 'code'],
  title: ['title', 'name', 'product', 'product_name', 'productDisplayName', 'product_title'],
  description: ['description', 'desc', 'details', 'body', 'body_html', 'body (html)'],
  category: [
    'category',
    'label',
    'class',
    'categories',
    'product_category_tree',
    'product_category',
    'google_product_category',
    'product_type',
    'category_name',
    'category_code',
    'category.name',
    'type',
  ],
  image: [
    'image',
    'image_url',
    'img',
    'photo',
    'file',
    'image_link',
    'image_src',
    'images',
    'image.src',
    'images[0].src',
  ],
};

/** 'Product Name', 'product_name' and 'productName' all name the same column. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function detectColumns(headers: readonly string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const mapping: ColumnMapping = {};
  for (const role of COLUMN_ROLES) {
    for (const synonym of COLUMN_SYNONYMS[role]) {
      const header = headers[keys.indexOf(headerKey(synonym))];
      if (header !== undefined) {
        mapping[role] = header;
        break;
      }
    }
  }
  return mapping;
}

/** Header index per role; -1 where the role is not mapped. */
export type ColumnIndexes = Record<ColumnRole, number>;

function listHeaders(headers: readonly string[]): string {
  return headers.length ? headers.map((header) => `"${header}"`).join(', ') : 'none';
}

/**
 * Headers as the import shows them: a blank one becomes "Column N" and a repeated one gets its
 * position ("Price (2)"), so every column can be chosen; each repeat is reported by name.
 */
export function uniqueHeaders(headers: readonly string[]): {
  headers: string[];
  problems: RowProblem[];
} {
  const seen = new Map<string, number>();
  const problems: RowProblem[] = [];
  const unique = headers.map((raw, index) => {
    const header = raw.trim() || `Column ${index + 1}`;
    const earlier = seen.get(header);
    seen.set(header, earlier === undefined ? index : earlier);
    if (earlier === undefined) return header;
    const renamed = `${header} (${index + 1})`;
    problems.push({
      line: 0,
      field: 'file',
      code: 'DuplicateHeader',
      message: `The header "${header}" appears twice (columns ${earlier + 1} and ${index + 1}); the second is listed as "${renamed}".`,
      skipped: false,
    });
    return renamed;
  });
  return { headers: unique, problems };
}

/** Title and category read from one column would teach the model its own answer. */
export function checkDistinctColumns(mapping: ColumnMapping): void {
  if (mapping.title && mapping.title === mapping.category)
    throw appError(
      'InvalidInput',
      `The title and the category must be different columns: both are "${mapping.title}".`,
    );
}

export function resolveColumns(
  mapping: ColumnMapping,
  headers: readonly string[],
  required: readonly ColumnRole[] = REQUIRED_ROLES,
): ColumnIndexes {
  const found = `Headers found: ${listHeaders(headers)}.`;
  checkDistinctColumns(mapping);
  for (const role of required) {
    if (!mapping[role]) {
      throw appError(
        'InvalidInput',
        `Missing column for the ${role}: choose which column holds it. ${found}`,
      );
    }
  }
  const indexes: ColumnIndexes = { id: -1, title: -1, description: -1, category: -1, image: -1 };
  for (const role of COLUMN_ROLES) {
    const header = mapping[role];
    if (header === undefined || header === '') continue;
    indexes[role] = headers.indexOf(header);
    if (indexes[role] === -1) {
      throw appError(
        'InvalidInput',
        `Missing column "${header}" (chosen for the ${role}): the file has no such header. ${found}`,
      );
    }
  }
  return indexes;
}

export function roleOfColumn(columns: ColumnIndexes, index: number): ColumnRole | undefined {
  return COLUMN_ROLES.find((role) => columns[role] === index);
}
