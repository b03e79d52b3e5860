import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** Blob parts are merged past this size, so the browser can move them out of the JS heap. */
const MERGE_BYTES = 16 * 1024 * 1024;

/**
 * A .zip written entry by entry into a Blob: only the entry being added is in memory,
 * whatever the size of the archive.
 */
export class ZipBlobWriter {
  private parts: BlobPart[] = [];
  private pending = 0;
  private written = 0;
  private failure: Error | null = null;
  private finished: (() => void) | null = null;
  private readonly zip = new Zip((error, chunk, final) => {
    if (error) this.failure = error;
    else {
      this.parts.push(chunk);
      this.pending += chunk.byteLength;
      this.written += chunk.byteLength;
      if (this.pending > MERGE_BYTES) this.merge();
    }
    if (final || error) this.finished?.();
  });

  get bytes(): number {
    return this.written;
  }

  /** Adds a file: JSON deflated, binary stored (float weights barely compress). */
  add(path: string, bytes: Uint8Array, level: 0 | 1 | 6 = path.endsWith('.json') ? 6 : 0): void {
    if (this.failure) throw this.failure;
    const entry = level === 0 ? new ZipPassThrough(path) : new ZipDeflate(path, { level });
    this.zip.add(entry);
    entry.push(bytes, true);
  }

  async finish(type = 'application/zip'): Promise<Blob> {
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    this.zip.end();
    await done;
    if (this.failure) throw this.failure;
    this.merge();
    return new Blob(this.parts, { type });
  }

  abort(): void {
    this.zip.terminate();
    this.parts = [];
  }

  private merge(): void {
    this.parts = [new Blob(this.parts)];
    this.pending = 0;
  }
}
