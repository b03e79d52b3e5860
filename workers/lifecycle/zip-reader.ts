import { Unzip, UnzipInflate } from 'fflate';
import { appError, throwIfAborted } from '@shared/errors.ts';

export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

const CUT_SHORT = 'it ends in the middle of a file: it was cut short';

function joined(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.byteLength), 0);
  return bytes;
}

/**
 * Reads a .zip from a Blob as a stream and hands each entry, in archive order, to `onEntry`
 * once it is complete: memory holds one read chunk and the entries not yet handled.
 * @throws InvalidInput when the file is not a zip or ends in the middle of an entry
 */
export async function readZipEntries(
  file: Blob,
  what: string,
  signal: AbortSignal | undefined,
  onEntry: (entry: ZipEntry) => Promise<void>,
  onBytes: (read: number) => void = () => {},
): Promise<number> {
  const unreadable = (detail: string) =>
    appError('InvalidInput', `${what} is not a readable .zip archive (${detail})`);
  const complete: ZipEntry[] = [];
  let open = 0;
  let failure: Error | null = null;
  let count = 0;
  const unzip = new Unzip((entry) => {
    const chunks: Uint8Array[] = [];
    open++;
    entry.ondata = (error, chunk, final) => {
      if (error) {
        failure = error;
        return;
      }
      chunks.push(chunk);
      if (final) {
        open--;
        complete.push({ path: entry.name, bytes: joined(chunks) });
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);

  const reader = file.stream().getReader();
  let read = 0;
  try {
    for (;;) {
      throwIfAborted(signal);
      const { done, value } = await reader.read();
      try {
        unzip.push(value ?? new Uint8Array(0), done);
      } catch (error) {
        throw unreadable(
          done && open > 0 ? CUT_SHORT : error instanceof Error ? error.message : String(error),
        );
      }
      if (failure) throw unreadable((failure as Error).message);
      read += value?.byteLength ?? 0;
      onBytes(read);
      while (complete.length > 0) {
        throwIfAborted(signal);
        count++;
        await onEntry(complete.shift() as ZipEntry);
      }
      if (done) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (open > 0) throw unreadable(CUT_SHORT);
  if (count === 0) throw unreadable('no files were found in it');
  return count;
}
