/**
 * Reads a catalogue file slice by slice, so that a million-row import holds a few megabytes of
 * it at a time instead of the whole file twice (bytes, then text).
 */
import { appError } from '@shared/errors.ts';

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface FileEncoding {
  encoding: TextEncodingName;
  hadByteOrderMark: boolean;
  /** Byte offset after the byte order mark of the first byte that is not UTF-8, or -1. */
  firstInvalidOffset: number;
}

/** Bytes read at a time: large enough that slicing costs nothing, small enough to stay flat. */
export const DEFAULT_SLICE_BYTES = 4 * 2 ** 20;

const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

async function bytesOf(file: Blob, from: number, to: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(from, to).arrayBuffer());
}

function rejectUtf16(bytes: Uint8Array): void {
  // Excel's "Unicode text" export is UTF-16; read as single bytes it would be silent garbage.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw appError(
      'InvalidInput',
      'The file is saved as UTF-16. Save it as "CSV UTF-8" (or plain UTF-8 text) and import it again.',
    );
  }
}

/** Mirrors the WHATWG decoder's rules (no overlongs, surrogates or code points past U+10FFFF). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
    if (lead < 0xc2 || lead > 0xf4) return index;
    const secondMin = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const secondMax = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[index + 1];
    if (second === undefined || second < secondMin || second > secondMax) return index;
    for (let next = 2; next < length; next++) {
      const continuation = bytes[index + next];
      if (continuation === undefined || continuation < 0x80 || continuation > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}

/**
 * Pins down the first byte that is not UTF-8, knowing it lies in [sliceStart, end): scans from
 * the start of the slice, stepped past continuation bytes of a character the slice cut.
 */
async function locateInvalidByte(file: Blob, sliceStart: number, end: number): Promise<number> {
  const bytes = await bytesOf(file, sliceStart, end);
  let aligned = 0;
  while (aligned < 3 && ((bytes[aligned] ?? 0) & 0xc0) === 0x80) aligned++;
  const found = firstInvalidUtf8Offset(bytes.subarray(aligned));
  return sliceStart + aligned + Math.max(0, found);
}

/**
 * Decides how to read the file with one pass of the native decoder over slices. Spreadsheets on
 * Windows still export "ANSI": one byte that is not UTF-8 anywhere makes it Windows-1252.
 * @throws InvalidInput for UTF-16
 */
export async function detectEncoding(
  file: Blob,
  sliceBytes = DEFAULT_SLICE_BYTES,
): Promise<FileEncoding> {
  const head = await bytesOf(file, 0, 4);
  rejectUtf16(head);
  const hadByteOrderMark = startsWith(head, BYTE_ORDER_MARK);
  const bodyStart = hadByteOrderMark ? BYTE_ORDER_MARK.length : 0;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let previousStart = bodyStart;
  for (let start = bodyStart; ; start += sliceBytes) {
    const end = Math.min(file.size, start + sliceBytes);
    const last = end >= file.size;
    try {
      decoder.decode(await bytesOf(file, start, end), { stream: !last });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // The decoder may have been holding the start of a character from the previous slice.
      const at = await locateInvalidByte(file, previousStart, end);
      return { encoding: 'windows-1252', hadByteOrderMark, firstInvalidOffset: at - bodyStart };
    }
    if (last) return { encoding: 'utf-8', hadByteOrderMark, firstInvalidOffset: -1 };
    previousStart = start;
  }
}

/** Physical line (1-based) of a byte offset after the byte order mark, in a single-byte encoding. */
export async function lineOfByte(
  file: Blob,
  encoding: FileEncoding,
  offset: number,
  lineBreak: string,
  sliceBytes = DEFAULT_SLICE_BYTES,
): Promise<number> {
  const breakByte = lineBreak === '\r' ? 0x0d : 0x0a;
  const bodyStart = encoding.hadByteOrderMark ? BYTE_ORDER_MARK.length : 0;
  let line = 1;
  for (let start = bodyStart; start < bodyStart + offset; start += sliceBytes) {
    const bytes = await bytesOf(file, start, Math.min(bodyStart + offset, start + sliceBytes));
    for (const byte of bytes) if (byte === breakByte) line++;
  }
  return line;
}

/** The file's text, decoded slice by slice; `bytesRead` and `charsRead` say how far it got. */
export class TextSlices {
  bytesRead = 0;
  charsRead = 0;
  private next: number;
  private readonly decoder: TextDecoder;
  private finished = false;

  constructor(
    private readonly file: Blob,
    encoding: FileEncoding,
    private readonly sliceBytes = DEFAULT_SLICE_BYTES,
  ) {
    this.next = encoding.hadByteOrderMark ? BYTE_ORDER_MARK.length : 0;
    this.bytesRead = this.next;
    this.decoder = new TextDecoder(encoding.encoding, { ignoreBOM: true });
  }

  get done(): boolean {
    return this.finished;
  }

  /** The next piece of text ('' is possible), or null once the whole file was read. */
  async read(): Promise<string | null> {
    if (this.finished) return null;
    const end = Math.min(this.file.size, this.next + this.sliceBytes);
    const last = end >= this.file.size;
    const text = this.decoder.decode(await bytesOf(this.file, this.next, end), { stream: !last });
    this.bytesRead = end;
    this.charsRead += text.length;
    this.next = end;
    this.finished = last;
    return text;
  }
}
