/** The import worker: reading a catalogue file into a stored dataset. */
import type { DatasetRecord, ImportProblem } from '../db/records/catalogue.ts';
import type { Cancellable, Job } from './jobs.ts';

/** What a column of a catalogue can hold, in the order the import screen lists them. */
export const COLUMN_ROLES = ['title', 'category', 'description', 'id', 'image'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
export type ColumnMapping = Partial<Record<ColumnRole, string>>;
/** Without a title a row cannot be classified; a row without a category is imported unlabelled. */
export const REQUIRED_ROLES: readonly ColumnRole[] = ['title'];

/** The text encodings the import reads, as the WHATWG TextDecoder names them. */
export const TEXT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'shift_jis',
  'euc-jp',
  'gb18030',
  'big5',
  'euc-kr',
] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/** How people call each encoding. */
export const ENCODING_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
  shift_jis: 'Shift-JIS',
  'euc-jp': 'EUC-JP',
  gb18030: 'GB18030 (GBK)',
  big5: 'Big5',
  'euc-kr': 'EUC-KR',
};

/** The delimiters delimited text is read with; the first four are guessed. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;

/** What the owner may choose about how a file is read; anything left out is detected. */
export interface ReadOptions {
  encoding?: TextEncodingName;
  delimiter?: string;
  /** The sheet of a spreadsheet holding the products (the first by default). */
  sheet?: string;
  /**
   * Another sheet of the same workbook whose first column holds category codes and second
   * their names: the category column's codes are replaced by the names.
   */
  lookupSheet?: string;
}

/** Whose export a file is, judged from its columns (or its XML). */
export type CatalogueLayout = 'generic' | 'shopify' | 'woocommerce' | 'merchant';
/** How the file holds its records. */
export type SourceKind = 'delimited' | 'spreadsheet' | 'xml' | 'json' | 'jsonl';

export interface FormatInfo {
  /** Short and stable: 'shopify-csv', 'woocommerce-csv', 'merchant-xml', 'merchant-tsv', 'xlsx', 'json', 'csv'… */
  id: string;
  layout: CatalogueLayout;
  kind: SourceKind;
  /** In words, for the owner: 'Shopify product export (CSV)'. */
  name: string;
}

export interface ImportCounts {
  /** Records read from the file (a Shopify product with 3 variants is 3 rows). */
  rows: number;
  /** Products after grouping rows of one product. */
  products: number;
  /** Products with a category. */
  labelled: number;
  /** False when a preview stopped reading before the end of the file. */
  complete: boolean;
}

export interface EncodingCandidate {
  encoding: TextEncodingName;
  /** A line of the file as this encoding reads it, so the owner can see which one is right. */
  sampleLine: string;
}

export interface ImportPreview {
  format: FormatInfo;
  headers: string[];
  /** Null for files that are not delimited text (spreadsheets, XML, JSON). */
  delimiter: string | null;
  mapping: ColumnMapping;
  /** Columns that may hold the category, best first (Shopify: Product Category, Type, Tags). */
  labelCandidates: string[];
  sample: string[][];
  /** Null for spreadsheets, which carry their own encoding. */
  encoding: TextEncodingName | null;
  /** Encodings that read the file, the detected one first; empty for spreadsheets. */
  encodingCandidates: EncodingCandidate[];
  /** A line of the file as read, preferably one with characters beyond ASCII. */
  sampleLine: string;
  /** Sheet names of a spreadsheet, in workbook order; empty for other files. */
  sheets: string[];
  sheet: string | null;
  /** How the file was read: what the owner chose and what was detected. */
  options: ReadOptions;
  /** Over the rows the preview read (the whole file when `complete`). */
  counts: ImportCounts;
  /** In words: 'Shopify product export (CSV): 3 products in 7 rows; category from Product Category'. */
  summary: string;
  /** Notes about the file: byte order mark, encoding, duplicate headers, the first row problems. */
  problems: ImportProblem[];
}

export type ImportProgress = {
  kind: 'parse';
  bytes: number;
  totalBytes: number;
  rows: number;
  problems: number;
  etaMs: number | null;
};

export interface PreviewRequest {
  options?: ReadOptions;
  /** Where the bundled taxonomies are served (to read Shopify and Google category ids). */
  taxonomyBaseUrl?: string;
}

export interface ImportRequest {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
  options?: ReadOptions;
  taxonomyBaseUrl?: string;
}

export interface ResumeImportRequest {
  datasetId: string;
  file: Blob;
  fileName: string;
  taxonomyBaseUrl?: string;
}

/** Categories to fold into one: every name in `from` becomes `into`. */
export interface CategoryMerge {
  from: string[];
  into: string;
}

export interface ImportApi extends Cancellable {
  preview(file: Blob, request?: PreviewRequest): Promise<ImportPreview>;
  importCatalogue: Job<ImportRequest, ImportProgress, DatasetRecord>;
  /**
   * Continues an import that stopped part-way, from the same file (checked by name, size,
   * last-modified time and a hash of its first bytes).
   */
  resumeImport: Job<ResumeImportRequest, ImportProgress, DatasetRecord>;
  /** Renames categories in every row, the counts and the corrections of a dataset. */
  mergeCategories(datasetId: string, merges: CategoryMerge[]): Promise<DatasetRecord>;
}
