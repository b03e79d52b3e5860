import Papa from 'papaparse';

/** Saves rows as a CSV file through a same-origin blob URL: nothing leaves the machine. */
export function downloadCsv(fileName: string, rows: Record<string, string | number>[]): void {
  const blob = new Blob([Papa.unparse(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
