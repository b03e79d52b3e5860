import Papa from 'papaparse';
import { downloadBlob } from './file-download.ts';

/**
 * How every CSV the app writes is written: a cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first) gets a leading apostrophe.
 */
export const CSV_WRITE_OPTIONS = { escapeFormulae: true } as const;

/** Rows as CSV text, formula cells neutralised. */
export const toCsv = (rows: Record<string, string | number>[], header = true): string =>
  Papa.unparse(rows, { ...CSV_WRITE_OPTIONS, header });

/**
 * One piece of a CSV written in pieces: the header only in the first, a line break before every
 * later one and none after the last line, as Papa.unparse writes a whole file.
 */
export const csvPiece = (rows: Record<string, string | number>[], first: boolean): string =>
  `${first ? '' : '\r\n'}${toCsv(rows, first)}`;

/** Saves rows as a CSV file through a same-origin blob URL: nothing leaves the machine. */
export function downloadCsv(fileName: string, rows: Record<string, string | number>[]): void {
  downloadBlob(fileName, new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}
