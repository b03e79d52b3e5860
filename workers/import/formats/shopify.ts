/**
 * Shopify's product CSV (Products → Export), current and legacy layouts. A product takes one
 * row per variant or extra image; only its first row carries the title, the HTML body and the
 * category, the others repeat the Handle. Rows are grouped by Handle into one product: title,
 * description as plain text, vendor, tags, status, the first image. Drafts and archived
 * products are kept and marked. The category comes from Product Category (Shopify's standard
 * taxonomy, read against the bundled copy), else Type, else the first of the Tags.
 */
import type { ColumnMapping } from '@shared/contracts/import.ts';
import type { ProductDetails } from '@shared/db/records/catalogue.ts';
import { htmlToText } from '../html-text.ts';
import type { SourceRecord } from './catalogue-format.ts';
import {
  Fields,
  findHeader,
  hasHeaders,
  ProductGroups,
  StatusNote,
  taxonomyCategory,
  type Assembled,
  type Layout,
  type LayoutContext,
} from './layout.ts';

/** Label columns in the order they are offered; the legacy names follow the current ones. */
const LABEL_COLUMNS = [
  'Product Category',
  'Standard Product Type',
  'Type',
  'Custom Product Type',
  'Google Shopping / Google Product Category',
  'Tags',
];
const TAXONOMY_COLUMNS = new Set(['productcategory', 'standardproducttype']);

/** The first tag of Shopify's comma-separated Tags. */
export function firstTag(tags: string): string {
  return (
    tags
      .split(',')
      .map((tag) => tag.trim())
      .find(Boolean) ?? ''
  );
}

function statusOf(fields: Fields, first: SourceRecord): string {
  const status = fields.of(first, 'Status').toLowerCase();
  if (status) return status;
  // The legacy layout has no Status; an unpublished product is a draft there.
  const published = fields.of(first, 'Published').toLowerCase();
  return published === 'false' ? 'draft' : 'active';
}

function assembler(context: LayoutContext) {
  const fields = new Fields(context.headers);
  const groups = new ProductGroups(1, context.problems, 'the product with Handle');
  const statuses = new StatusNote(context.problems);
  const reported = new Set<string>();
  const categoryHeader = context.mapping.category;
  const isTags = categoryHeader !== undefined && /^tags$/i.test(categoryHeader.trim());
  const first = (records: SourceRecord[], ...names: string[]) => {
    for (const record of records) {
      const value = fields.of(record, ...names);
      if (value) return value;
    }
    return '';
  };
  const column = (records: SourceRecord[], header: string | undefined) =>
    header === undefined ? '' : first(records, header);

  const product = (records: SourceRecord[]): Assembled => {
    const head = records[0] as SourceRecord;
    const raw = column(records, categoryHeader);
    const category = isTags ? firstTag(raw) : taxonomyCategory(raw, context, head.line, reported);
    const status = statusOf(fields, head);
    statuses.see(status);
    const details: ProductDetails = {
      status,
      ...(first(records, 'Vendor') ? { vendor: first(records, 'Vendor') } : {}),
      ...(first(records, 'Tags') ? { tags: first(records, 'Tags') } : {}),
      ...(first(records, 'Type', 'Custom Product Type')
        ? { productType: first(records, 'Type', 'Custom Product Type') }
        : {}),
    };
    return {
      row: {
        line: head.line,
        id: fields.of(head, 'Handle'),
        title: column(records, context.mapping.title),
        description: htmlToText(column(records, context.mapping.description)),
        category,
        image: column(records, context.mapping.image),
        details,
      },
    };
  };

  return {
    add(record: SourceRecord): Assembled[] {
      const handle = fields.of(record, 'Handle') || `line ${record.line}`;
      return groups.add(handle, record).map(product);
    },
    finish(): Assembled[] {
      const rest = groups.finish().map(product);
      statuses.finish();
      return rest;
    },
  };
}

export const shopify: Layout = {
  id: 'shopify',
  name: 'Shopify product export',
  // The variant columns tell the product CSV from other files with a handle and a title.
  matches: (headers) =>
    hasHeaders(headers, 'Handle', 'Title', 'Body (HTML)') &&
    ['Variant SKU', 'Variant Price', 'Option1 Value'].some((name) => hasHeaders(headers, name)),
  mapping(headers): ColumnMapping {
    return {
      id: findHeader(headers, 'Handle'),
      title: findHeader(headers, 'Title'),
      description: findHeader(headers, 'Body (HTML)'),
      category: this.labelCandidates(headers)[0],
      image: findHeader(headers, 'Image Src', 'Variant Image'),
    };
  },
  labelCandidates: (headers) =>
    LABEL_COLUMNS.map((name) => findHeader(headers, name)).filter(
      (header): header is string => header !== undefined,
    ),
  labelTaxonomy: (header) =>
    header !== undefined && TAXONOMY_COLUMNS.has(header.toLowerCase().replace(/[^a-z]/g, ''))
      ? 'shopify'
      : header !== undefined && /google product category/i.test(header)
        ? 'google'
        : null,
  assembler,
};
