/**
 * Google Merchant Center product data, from an XML feed (RSS 2.0 or Atom, attributes in the
 * `g:` namespace) or a tab-separated file. The category is google_product_category (a numeric
 * id, read into its path with the bundled Google taxonomy, or a path) else product_type (the
 * shop's own path, the first one when several are given). Variants sharing an item_group_id
 * are one product, whose item ids are kept for the supplemental feed.
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
  taxonomyCategory,
  type Assembled,
  type Layout,
  type LayoutContext,
} from './layout.ts';

const GOOGLE_CATEGORY = 'google_product_category';
const PRODUCT_TYPE = 'product_type';

/** product_type as a path with the app's separator (Merchant Center uses ` > ` too). */
function productTypePath(value: string): string {
  const first = value.split('\n')[0] ?? '';
  return joinCategoryPath(shopPathLevels(first));
}

function assembler(context: LayoutContext) {
  const fields = new Fields(context.headers);
  // Feeds usually list a group's variants together; a few thousand open groups cover the rest.
  const groups = new ProductGroups(2000, context.problems, 'the item group');
  const reported = new Set<string>();
  const categoryHeader = context.mapping.category;
  const isGoogle = context.taxonomy !== undefined;
  const isProductType =
    categoryHeader !== undefined && findHeader([categoryHeader], PRODUCT_TYPE) !== undefined;
  const column = (record: SourceRecord, header: string | undefined) =>
    header === undefined ? '' : fields.of(record, header);

  const product = (records: SourceRecord[]): Assembled => {
    const head = records[0] as SourceRecord;
    const raw = column(head, categoryHeader);
    const category = isGoogle
      ? taxonomyCategory(raw, context, head.line, reported)
      : isProductType
        ? productTypePath(raw)
        : raw;
    const ids = records.map((record) => fields.of(record, 'id')).filter(Boolean);
    const group = fields.of(head, 'item_group_id');
    return {
      row: {
        line: head.line,
        id: group || column(head, context.mapping.id),
        title: column(head, context.mapping.title),
        description: htmlToText(column(head, context.mapping.description)),
        category,
        image: column(head, context.mapping.image),
        details: {
          memberIds: ids,
          ...(fields.of(head, GOOGLE_CATEGORY)
            ? { googleCategory: fields.of(head, GOOGLE_CATEGORY) }
            : {}),
          ...(fields.of(head, PRODUCT_TYPE) ? { productType: fields.of(head, PRODUCT_TYPE) } : {}),
          ...(fields.of(head, 'brand') ? { vendor: fields.of(head, 'brand') } : {}),
        },
      },
    };
  };

  return {
    add(record: SourceRecord): Assembled[] {
      const key =
        fields.of(record, 'item_group_id') || `item ${fields.of(record, 'id') || record.line}`;
      return groups.add(key, record).map(product);
    },
    finish: (): Assembled[] => groups.finish().map(product),
  };
}

export const merchantCenter: Layout = {
  id: 'merchant',
  name: 'Google Merchant Center feed',
  matches: (headers, kind) =>
    kind === 'xml' ||
    (hasHeaders(headers, 'id', 'title') &&
      ['google_product_category', 'product_type', 'item_group_id', 'image_link'].some(
        (name) => findHeader(headers, name) !== undefined,
      ) &&
      hasHeaders(headers, 'link')),
  mapping(headers): ColumnMapping {
    return {
      id: findHeader(headers, 'id'),
      title: findHeader(headers, 'title'),
      description: findHeader(headers, 'description', 'summary'),
      category: this.labelCandidates(headers)[0],
      image: findHeader(headers, 'image_link'),
    };
  },
  labelCandidates: (headers) =>
    [GOOGLE_CATEGORY, PRODUCT_TYPE]
      .map((name) => findHeader(headers, name))
      .filter((header): header is string => header !== undefined),
  labelTaxonomy: (header) =>
    header !== undefined && findHeader([header], GOOGLE_CATEGORY) !== undefined ? 'google' : null,
  assembler,
};
