/**
 * Writes a large CSV piece by piece: through the File System Access API where the browser has
 * it (straight to the file the user picks), otherwise into a Blob built from one small Blob per
 * piece, so the text of a million rows is never one string in memory.
 */

import { downloadBlob } from './file-download.ts';

interface WritableFile {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

interface SaveFilePicker {
  showSaveFilePicker(options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }): Promise<{ createWritable(): Promise<WritableFile> }>;
}

export type CsvTarget = 'file' | 'download';

/** From this many rows a save dialog is worth it: the file goes to disk as it is written. */
export const SAVE_TO_FILE_FROM_ROWS = 100_000;

/** Where `writeCsvStream` writes an export of `rows` rows in this browser. */
export function csvTarget(rows: number): CsvTarget {
  return rows >= SAVE_TO_FILE_FROM_ROWS && 'showSaveFilePicker' in window ? 'file' : 'download';
}

/**
 * Writes every piece `pieces` yields, in order: for a large export (`rows`) into the file the
 * person picks, where the browser can; otherwise as a download. Resolves to false when the
 * person closed the save dialog. Call it from a click: the picker needs the user's gesture.
 */
export async function writeCsvStream(
  fileName: string,
  rows: number,
  pieces: AsyncIterable<string>,
): Promise<boolean> {
  if (csvTarget(rows) === 'file') {
    let writable: WritableFile;
    try {
      const handle = await (window as unknown as SaveFilePicker).showSaveFilePicker({
        suggestedName: fileName,
        types: [{ description: 'CSV', accept: { 'text/csv': ['.csv'] } }],
      });
      writable = await handle.createWritable();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return false;
      throw error;
    }
    try {
      for await (const piece of pieces) await writable.write(piece);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    return true;
  }
  const parts: Blob[] = [];
  for await (const piece of pieces) parts.push(new Blob([piece]));
  downloadBlob(fileName, new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  return true;
}
