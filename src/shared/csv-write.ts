/**
 * The one writer of every CSV and TSV the app saves (predictions, decisions, category mappings,
 * exports back to the shop). A cell that starts with = + - @, a tab or a carriage return would
 * run as a formula when the file is opened in a spreadsheet (CSV injection); such a cell gets a
 * leading apostrophe, which spreadsheets show as text.
 */
import Papa from 'papaparse';

/** Papaparse's own pattern ends in `.*$`, which misses a formula followed by a line break. */
export const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number;

export interface CsvOptions {
  /** Column order and header; the keys of the first row by default. */
  columns?: string[];
  /** ',' by default; '\t' for TSV. */
  delimiter?: string;
  /** Whether to write the header line (true by default). */
  header?: boolean;
}

export function toCsv(rows: readonly Record<string, CsvCell>[], options: CsvOptions = {}): string {
  return Papa.unparse(rows as Record<string, CsvCell>[], {
    columns: options.columns,
    delimiter: options.delimiter ?? ',',
    header: options.header ?? true,
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
  });
}

/** The header line alone (no line break after it), for a file written piece by piece. */
export function csvHeader(columns: readonly string[], delimiter = ','): string {
  return Papa.unparse(
    { fields: [...columns], data: [] },
    { delimiter, escapeFormulae: FORMULA_START },
  ).replace(/\r?\n$/, '');
}

/** The MIME type of what `toCsv` writes. */
export function csvMimeType(delimiter = ','): string {
  return delimiter === '\t' ? 'text/tab-separated-values;charset=utf-8' : 'text/csv;charset=utf-8';
}

/**
 * One piece of a CSV written in pieces: the header only in the first, a line break before every
 * later one and none after the last line, as a whole file would be written.
 */
export const csvPiece = (rows: readonly Record<string, CsvCell>[], first: boolean): string =>
  `${first ? '' : '\r\n'}${toCsv(rows, { header: first })}`;
