/**
 * The seam for file formats: every format the import reads (delimited text today; shop
 * exports, feeds and spreadsheets are added beside it) offers the same three things, so the
 * import job, the preview and the command-line check do not care which format a file is in.
 */
import type { ColumnMapping, ImportPreview, ImportProgress } from '@shared/contracts/import.ts';
import type { CatalogueRow, RowProblem } from '../row-checks.ts';

export type TextEncodingName = ImportPreview['encoding'];

export interface CataloguePreview extends ImportPreview {
  problems: RowProblem[];
}

export interface ParseInput {
  file: Blob;
  mapping: ColumnMapping;
  /** Rows per onRows call (the last call may carry fewer). */
  chunkRows?: number;
  /** Characters handed to the record reader at a time; tests use tiny windows to cross record edges. */
  windowChars?: number;
  /** Bytes of the file read at a time; tests use tiny slices to cross character edges. */
  sliceBytes?: number;
}

export interface ParseResult {
  rowCount: number;
  /** At most 10,000 problems, then one summary problem ('and N more problems'). */
  problems: RowProblem[];
  /** Rows left out, counted even past the cap on kept problems. */
  skippedRows: number;
  headers: string[];
  encoding: TextEncodingName;
}

/** The first bytes of a file, which is what a format is recognised by (never its name). */
export interface FileHead {
  bytes: Uint8Array;
  fileName: string;
}

export interface CatalogueFormat {
  /** What the import screen calls it. */
  name: string;
  /** Whether this format reads the file; formats are asked in order, the first yes wins. */
  detect(head: FileHead): boolean;
  /** Headers, detected columns and the first rows, for the owner to check. */
  preview(file: Blob): Promise<CataloguePreview>;
  /**
   * Streams the file's products to `onRows` chunk by chunk (awaiting each), reports progress
   * about ten times a second and stops with an AbortError when the signal aborts.
   */
  parse(
    signal: AbortSignal | undefined,
    input: ParseInput,
    onProgress: (progress: ImportProgress) => void,
    onRows: (rows: CatalogueRow[]) => Promise<void>,
  ): Promise<ParseResult>;
}
