/**
 * Which column of a catalogue holds what: detected from the header names, or chosen by the
 * owner, and checked against the headers the file has.
 */
import { appError } from '@shared/errors.ts';
import {
  COLUMN_ROLES,
  REQUIRED_ROLES,
  type ColumnMapping,
  type ColumnRole,
} from '@shared/contracts/import.ts';

/** Ordered by preference: the first synonym found among the headers wins. */
const COLUMN_SYNONYMS: Record<ColumnRole, readonly string[]> = {
  id: ['id', 'sku', 'product_id', 'uniq_id'],
  title: ['title', 'name', 'product', 'product_name', 'productDisplayName'],
  description: ['description', 'desc', 'details', 'body'],
  category: ['category', 'label', 'class', 'categories', 'product_category_tree', 'type'],
  image: ['image', 'image_url', 'img', 'photo', 'file'],
};

/** 'Product Name', 'product_name' and 'productName' all name the same column. */
function headerKey(header: string): string {
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

export function resolveColumns(mapping: ColumnMapping, headers: readonly string[]): ColumnIndexes {
  const found = `Headers found: ${listHeaders(headers)}.`;
  for (const role of REQUIRED_ROLES) {
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
