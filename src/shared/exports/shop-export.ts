/**
 * The classified catalogue back in the format it came from, ready to upload to the shop:
 * Shopify's import CSV (Handle, Title, and Product Category or Type), WooCommerce's CSV (ID,
 * Name, Categories), a Merchant Center supplemental feed (id, google_product_category,
 * product_type; TSV) or a generic CSV with the file's own column names.
 *
 * Which label is written: the owner's (as imported, or as decided in review), else the model's
 * when its confidence reaches the automatic-labelling threshold. Any other product is written
 * with its label blank and listed, so nothing the model was unsure of reaches the shop unseen.
 */
import type { DatasetRecord, StoredRow } from '../db/records/catalogue.ts';
import { isLabelled } from '../labels.ts';
import { parseCategoryPath } from '../taxonomy/category-path.ts';
import type { CsvCell } from '../csv-write.ts';

export type ShopExportKind = 'shopify' | 'woocommerce' | 'merchant' | 'generic';

export interface ExportLabel {
  label: string;
  /** 'owner': imported or decided in review; 'model': above the threshold; '': left blank. */
  source: 'owner' | 'model' | '';
  confidence: number | null;
}

/** A product whose label was left blank in the export. */
export interface BlankProduct {
  id: string;
  title: string;
  line: number;
}

export function exportKindOf(dataset: Pick<DatasetRecord, 'format'>): ShopExportKind {
  const layout = dataset.format?.layout;
  return layout === 'shopify' || layout === 'woocommerce' || layout === 'merchant'
    ? layout
    : 'generic';
}

export const EXPORT_FILE: Record<ShopExportKind, { suffix: string; delimiter: string }> = {
  shopify: { suffix: 'shopify-import.csv', delimiter: ',' },
  woocommerce: { suffix: 'woocommerce-import.csv', delimiter: ',' },
  merchant: { suffix: 'merchant-supplemental.tsv', delimiter: '\t' },
  generic: { suffix: 'labelled.csv', delimiter: ',' },
};

/** The label a product is exported with, by the rule stated above. */
export function exportLabel(
  row: StoredRow,
  decided: string | undefined,
  prediction: { label: string; probability: number } | undefined,
  threshold: number,
): ExportLabel {
  const own = decided ?? row.category;
  if (isLabelled(own)) return { label: own, source: 'owner', confidence: null };
  if (prediction && prediction.probability >= threshold && isLabelled(prediction.label))
    return { label: prediction.label, source: 'model', confidence: prediction.probability };
  return { label: '', source: '', confidence: prediction?.probability ?? null };
}

/** WooCommerce writes a comma inside a category name as `\,` and levels with ` > `. */
function wooPath(path: string): string {
  let levels: string[];
  try {
    levels = parseCategoryPath(path, ' > ');
  } catch {
    levels = [path];
  }
  return levels.map((level) => level.replace(/,/g, '\\,')).join(' > ');
}

export interface ExportContext {
  kind: ShopExportKind;
  /** The file's own column names for the generic export and Shopify's label column. */
  columns: { id?: string; title?: string; category?: string };
  /** Category → Google node id, for google_product_category (from the import's taxonomy link). */
  googleIds: ReadonlyMap<string, string>;
}

/** The header of an export of `kind`. */
export function exportColumns(context: ExportContext): string[] {
  const { kind, columns } = context;
  if (kind === 'shopify')
    return [
      'Handle',
      'Title',
      /product category|standard product type/i.test(columns.category ?? '')
        ? 'Product Category'
        : 'Type',
    ];
  if (kind === 'woocommerce') return ['ID', 'Name', 'Categories'];
  if (kind === 'merchant') return ['id', 'google_product_category', 'product_type'];
  return [
    columns.id ?? 'id',
    columns.title ?? 'title',
    columns.category ?? 'category',
    'label_source',
    'confidence',
  ];
}

/** The lines of one product (a Merchant Center product writes one per variant item). */
export function exportLines(
  row: StoredRow,
  chosen: ExportLabel,
  context: ExportContext,
): Record<string, CsvCell>[] {
  const [first, second, third] = exportColumns(context) as [string, string, string];
  const { label } = chosen;
  switch (context.kind) {
    case 'shopify':
      return [{ [first]: row.id, [second]: row.title, [third]: label }];
    case 'woocommerce': {
      const categories = [label, ...(row.details?.otherCategories ?? [])].filter(Boolean);
      return [{ ID: row.id, Name: row.title, Categories: categories.map(wooPath).join(', ') }];
    }
    case 'merchant': {
      const fromGoogle = /google/i.test(context.columns.category ?? '');
      const google = fromGoogle
        ? label
          ? (context.googleIds.get(label) ?? label)
          : ''
        : (row.details?.googleCategory ?? '');
      const productType = fromGoogle ? (row.details?.productType ?? '') : label;
      const ids = row.details?.memberIds?.length ? row.details.memberIds : [row.id];
      return ids.map((id) => ({ id, google_product_category: google, product_type: productType }));
    }
    default: {
      const columns = exportColumns(context);
      return [
        {
          [columns[0] as string]: row.id,
          [columns[1] as string]: row.title,
          [columns[2] as string]: label,
          label_source: chosen.source === 'owner' ? 'yours' : chosen.source,
          confidence: chosen.confidence === null ? '' : chosen.confidence.toFixed(4),
        },
      ];
    }
  }
}
