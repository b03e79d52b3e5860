import { csvMimeType, toCsv } from '@shared/csv-write.ts';
import { downloadBlob } from './file-download.ts';

/** Saves rows as a CSV file (formula cells neutralised) through a same-origin blob URL. */
export function downloadCsv(fileName: string, rows: Record<string, string | number>[]): void {
  downloadBlob(fileName, new Blob([toCsv(rows)], { type: csvMimeType() }));
}
