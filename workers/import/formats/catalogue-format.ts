/**
 * The seam for file formats. A format is a reader: it recognises its files from their first
 * bytes and opens one into headers and a stream of records (delimited text, spreadsheets,
 * Merchant Center XML, JSON). What the records mean — a Shopify export grouped by Handle, a
 * WooCommerce export with category paths, a Merchant feed with Google category ids — is a
 * layout (`layouts.ts`), judged from the headers whatever the reader. The preview, the import
 * job and the command-line check run every file through the same steps (`parse-catalogue.ts`).
 */
import type {
  ImportPreview,
  ImportProgress,
  ReadOptions,
  SourceKind,
  TextEncodingName,
  ColumnMapping,
  EncodingCandidate,
} from '@shared/contracts/import.ts';
import type { TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import type { CatalogueRow, ProblemLog, RowProblem } from '../row-checks.ts';
import type { ColumnIndexes } from '../columns.ts';

export type { TextEncodingName };

export interface CataloguePreview extends ImportPreview {
  problems: RowProblem[];
}

/** Reads a bundled taxonomy file by id ('shopify', 'google'): fetched in the browser, read from disk in Node. */
export type TaxonomyLoader = (id: string) => Promise<TaxonomyFile>;

export interface ParseInput {
  file: Blob;
  mapping: ColumnMapping;
  options?: ReadOptions;
  loadTaxonomy?: TaxonomyLoader;
  /** Products per onRows call (the last call may carry fewer). */
  chunkRows?: number;
  /** Characters handed to the record reader at a time; tests use tiny windows to cross record edges. */
  windowChars?: number;
  /** Bytes of the file read at a time; tests use tiny slices to cross character edges. */
  sliceBytes?: number;
}

export interface ParseResult {
  /** Products delivered to onRows. */
  rowCount: number;
  /** Records read from the file, before grouping. */
  sourceRows: number;
  labelledCount: number;
  /** At most 10,000 problems, then one summary problem ('and N more problems'). */
  problems: RowProblem[];
  /** Rows left out, counted even past the cap on kept problems. */
  skippedRows: number;
  headers: string[];
  encoding: TextEncodingName | null;
  /** The standard taxonomy the categories were checked against, if any. */
  labelTaxonomy: { id: string; version: string } | null;
  /** Every category with its node id in that taxonomy (null where the taxonomy has none). */
  taxonomyNodes: Map<string, string | null>;
}

/** The first bytes of a file, which is what a format is recognised by (never its name). */
export interface FileHead {
  bytes: Uint8Array;
  fileName: string;
}

/** One record of a file: its fields in header order and where it starts. */
export interface SourceRecord {
  /** 1-based line (row of a sheet, line of a text file) where the record starts. */
  line: number;
  fields: string[];
  /** Fewer fields than headers (delimited text): the row checks word their problem with it. */
  shortOf?: { found: number; expected: number };
}

export interface RecordReader {
  /** The next records (problems found on the way go to the log); null after the last. */
  next(): Promise<SourceRecord[] | null>;
  /** Bytes of the file read so far, for progress. */
  bytesParsed(): number;
}

export interface OpenOptions extends ReadOptions {
  sliceBytes?: number;
  windowChars?: number;
  /** Set by the preview: readers that must parse a whole file at once may stop after this many rows. */
  previewRows?: number;
}

/** A file opened by its reader: what it is, its headers, and its records from the first on. */
export interface OpenedSource {
  kind: SourceKind;
  /** The format id before the layout is known: 'csv', 'tsv', 'xlsx', 'ods', 'json', 'rss'… */
  formatId: string;
  headers: string[];
  encoding: TextEncodingName | null;
  encodingCandidates: EncodingCandidate[];
  sampleLine: string;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  /** The reader's options as applied (detected values filled in). */
  options: ReadOptions;
  /** Notes about the whole file (byte order mark, encoding, duplicate headers). */
  fileProblems: RowProblem[];
  /** Code → name from a lookup sheet, when one was chosen. */
  lookup?: Map<string, string>;
  /** A fresh reader positioned at the first record; call once. `columns` names fields in problems. */
  records(problems: ProblemLog, columns?: ColumnIndexes): RecordReader;
}

export interface CatalogueFormat {
  /** What the import screen calls it. */
  name: string;
  /** Whether this format reads the file; formats are asked in order, the first yes wins. */
  detect(head: FileHead): boolean;
  /**
   * Opens the file: reads its header (or first records) and gives a reader for the rest.
   * @throws InvalidInput naming what is wrong with the file; EmptyDataset
   */
  open(file: Blob, options: OpenOptions): Promise<OpenedSource>;
}

export type { CatalogueRow, ImportProgress };
