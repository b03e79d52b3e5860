/**
 * WooCommerce's product CSV (Products → Export). Categories hold several paths, comma-separated,
 * each `Parent > Child`, a comma inside a name written `\,`. The primary category is the deepest
 * path, the first listed among equally deep ones; the others are kept with the product.
 * "Uncategorized", WooCommerce's default, is no category at all: such a product is unlabelled.
 * Variation rows (Type "variation", Parent "id:12") are folded into their parent product.
 */
import type { ColumnMapping } from '@shared/contracts/import.ts';
import { joinCategoryPath, shopPathLevels } from '@shared/taxonomy/category-path.ts';
import { htmlToText } from '../html-text.ts';
import type { SourceRecord } from './catalogue-format.ts';
import {
  Fields,
  findHeader,
  hasHeaders,
  ProductGroups,
  StatusNote,
  type Assembled,
  type Layout,
  type LayoutContext,
} from './layout.ts';

/** WooCommerce's default category, in the spellings and languages it ships with most. */
const UNCATEGORIZED = new Set([
  'uncategorized',
  'uncategorised',
  'non classé',
  'sin categoría',
  'unkategorisiert',
  'senza categoria',
  'sem categoria',
  'ongecategoriseerd',
  '未分类',
  '未分類',
]);

/** Splits on commas that are not escaped, then reads `\,` as a comma. */
export function splitEscaped(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && text[i + 1] === separator) {
      current += separator;
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

export interface WooCategories {
  primary: string;
  others: string[];
}

/** Categories as paths (`A > B`), the primary chosen by the stated rule; Uncategorized dropped. */
export function readCategories(value: string): WooCategories {
  const paths = splitEscaped(value)
    .map(shopPathLevels)
    .filter((levels) => levels.length > 0)
    .filter(
      (levels) => !(levels.length === 1 && UNCATEGORIZED.has((levels[0] as string).toLowerCase())),
    );
  let primary = -1;
  paths.forEach((levels, index) => {
    if (primary < 0 || levels.length > (paths[primary] as string[]).length) primary = index;
  });
  const joined = paths.map(joinCategoryPath);
  return {
    primary: joined[primary] ?? '',
    others: joined.filter((_, index) => index !== primary),
  };
}

/** WooCommerce writes a variation's parent as `id:12`, or as the parent's SKU. */
function parentKey(parent: string, skuToId: Map<string, string>): string {
  const id = /^id:(\d+)$/i.exec(parent)?.[1];
  return id ?? skuToId.get(parent) ?? parent;
}

const STATUS: Record<string, string> = { '1': 'active', '0': 'draft', '-1': 'private' };

function assembler(context: LayoutContext) {
  const fields = new Fields(context.headers);
  const groups = new ProductGroups(1000, context.problems, 'the product');
  const statuses = new StatusNote(context.problems);
  const skuToId = new Map<string, string>();
  const categoryHeader = context.mapping.category;
  const isCategories =
    categoryHeader !== undefined && findHeader([categoryHeader], 'Categories') !== undefined;
  const column = (record: SourceRecord, header: string | undefined) =>
    header === undefined ? '' : fields.of(record, header);

  const product = (records: SourceRecord[]): Assembled => {
    const parent =
      records.find((record) => !/variation/i.test(fields.of(record, 'Type'))) ??
      (records[0] as SourceRecord);
    const raw = column(parent, categoryHeader);
    const categories = isCategories ? readCategories(raw) : { primary: raw, others: [] };
    const status = STATUS[fields.of(parent, 'Published')] ?? 'active';
    statuses.see(status);
    const description = htmlToText(
      column(parent, context.mapping.description) || fields.of(parent, 'Short description'),
    );
    return {
      row: {
        line: parent.line,
        id: column(parent, context.mapping.id) || fields.of(parent, 'SKU'),
        title: column(parent, context.mapping.title),
        description,
        category: categories.primary,
        image: splitEscaped(column(parent, context.mapping.image))[0] ?? '',
        details: {
          status,
          ...(categories.others.length ? { otherCategories: categories.others } : {}),
          ...(fields.of(parent, 'Tags') ? { tags: fields.of(parent, 'Tags') } : {}),
        },
      },
    };
  };

  return {
    add(record: SourceRecord): Assembled[] {
      const id = fields.of(record, 'ID');
      const sku = fields.of(record, 'SKU');
      const isVariation = /variation/i.test(fields.of(record, 'Type'));
      if (!isVariation && sku && id) skuToId.set(sku, id);
      const key = isVariation
        ? parentKey(fields.of(record, 'Parent'), skuToId)
        : id || sku || `line ${record.line}`;
      return groups.add(key, record).map(product);
    },
    finish(): Assembled[] {
      const rest = groups.finish().map(product);
      statuses.finish();
      return rest;
    },
  };
}

export const woocommerce: Layout = {
  id: 'woocommerce',
  name: 'WooCommerce product export',
  matches: (headers) =>
    hasHeaders(headers, 'ID', 'Type', 'SKU', 'Name') &&
    (hasHeaders(headers, 'Categories') || hasHeaders(headers, 'Regular price')),
  mapping(headers): ColumnMapping {
    return {
      id: findHeader(headers, 'ID'),
      title: findHeader(headers, 'Name'),
      description: findHeader(headers, 'Description', 'Short description'),
      category: this.labelCandidates(headers)[0],
      image: findHeader(headers, 'Images'),
    };
  },
  labelCandidates: (headers) =>
    ['Categories', 'Tags']
      .map((name) => findHeader(headers, name))
      .filter((header): header is string => header !== undefined),
  labelTaxonomy: () => null,
  assembler,
};
