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

/** Saves rows as a CSV file through a same-origin blob URL: nothing leaves the machine. */
export function downloadCsv(fileName: string, rows: Record<string, string | number>[]): void {
  downloadBlob(fileName, new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}
