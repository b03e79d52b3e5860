import Papa from 'papaparse';
import { downloadBlob } from './file-download.ts';

/** Saves rows as a CSV file through a same-origin blob URL: nothing leaves the machine. */
export function downloadCsv(fileName: string, rows: Record<string, string | number>[]): void {
  downloadBlob(fileName, new Blob([Papa.unparse(rows)], { type: 'text/csv;charset=utf-8' }));
}
