/** Datasets as imported: the dataset record, its rows in chunks, and the import's problems. */
import type { ColumnMapping, FormatInfo, ReadOptions } from '../../contracts/import.ts';

/**
 * What a shop export says about a product beyond the columns the model reads; kept so an
 * export back to the shop can write what it read (every field is optional).
 */
export interface ProductDetails {
  /** 'active', 'draft', 'archived', 'private': drafts and archived products are kept, marked. */
  status?: string;
  vendor?: string;
  tags?: string;
  /** WooCommerce: the categories listed besides the primary one. */
  otherCategories?: string[];
  /** Merchant Center: the item ids of the variants grouped into this product. */
  memberIds?: string[];
  /** The file's own values of the label columns, as read (for the export of the other one). */
  productType?: string;
  googleCategory?: string;
}

/** One product as imported; `line` is where it starts in the source file. */
export interface StoredRow {
  line: number;
  id: string;
  title: string;
  description: string;
  /** '' for an unlabelled product: one the owner wants classified. */
  category: string;
  image: string;
  details?: ProductDetails;
}

export interface ImportProblem {
  /** 1-based physical line where the record starts; 0 for notes about the whole file. */
  line: number;
  field: string;
  code: string;
  /** A sentence for people that names the line and the field. */
  message: string;
  skipped: boolean;
  /**
   * What the sentence names besides the line and the field (a file path, a count), so that the
   * page can say it in another language from the code.
   */
  params?: Record<string, string | number>;
}

/**
 * The file and columns of an import, so that one cut short (a closed tab, a full disk) can
 * continue from the same file instead of starting over; absent on datasets imported before
 * imports resumed.
 */
export interface ImportSource {
  size: number;
  lastModified: number;
  mapping: ColumnMapping;
  /** How the file was read; absent on imports before they could be chosen. */
  options?: ReadOptions;
  /** SHA-256 of the file's first 64 KiB, so a different file of the same size is refused. */
  headSha256?: string;
}

export interface DatasetRecord {
  id: string;
  name: string;
  fileName: string;
  createdAt: number;
  /** 'importing' until the last chunk is stored, so a tab closed mid-import is visible as such. */
  status: 'importing' | 'ready';
  rowCount: number;
  chunkCount: number;
  /** Products per category; unlabelled products are not counted here. */
  classCounts: Record<string, number>;
  /** Products without a category; absent on datasets from before unlabelled rows were kept. */
  unlabelledCount?: number;
  /** Records the file held before grouping (variants of one product are several). */
  sourceRows?: number;
  /** The file's format, as detected; absent on datasets imported before formats were told apart. */
  format?: FormatInfo;
  /** The standard taxonomy the categories were read against ('shopify', 'google'). */
  labelTaxonomy?: string;
  problems: ImportProblem[];
  skippedRows: number;
  source?: ImportSource;
}

/**
 * Rows are stored in chunks: one record per thousand rows keeps a large import fast. Every
 * chunk but the last holds the same number of rows, so a row's chunk follows from its position.
 */
export interface RowChunkRecord {
  datasetId: string;
  chunk: number;
  rows: StoredRow[];
}
