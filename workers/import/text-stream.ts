/**
 * Reads a catalogue file slice by slice, so that a million-row import holds a few megabytes of
 * it at a time instead of the whole file twice (bytes, then text).
 */
import type { TextEncodingName } from '@shared/contracts/import.ts';
import { guessLegacyEncoding, UTF16_NUL_SHARE } from './encoding-guess.ts';

export type { TextEncodingName };

export interface FileEncoding {
  encoding: TextEncodingName;
  hadByteOrderMark: boolean;
  /** Bytes of the byte order mark (0, 2 or 3), skipped before decoding. */
  bomLength: number;
  /** Byte offset after the byte order mark of the first byte that is not UTF-8, or -1. */
  firstInvalidOffset: number;
  /** Encodings that decode the file, the chosen one first (for the owner to pick another). */
  candidates: TextEncodingName[];
  /** True when the owner chose the encoding instead of it being detected. */
  chosen: boolean;
}

/** Bytes read at a time: large enough that slicing costs nothing, small enough to stay flat. */
export const DEFAULT_SLICE_BYTES = 4 * 2 ** 20;
/** Bytes looked at to tell UTF-16 and legacy encodings apart. */
const SNIFF_BYTES = 256 * 1024;

const BYTE_ORDER_MARKS: readonly { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

async function bytesOf(file: Blob, from: number, to: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(from, to).arrayBuffer());
}

/**
 * UTF-16 without a byte order mark: text in a Latin script (and every delimiter and line
 * break) has a NUL in one byte of each pair, the high byte, which comes second in LE.
 */
export function utf16WithoutMark(bytes: Uint8Array): TextEncodingName | undefined {
  const pairs = Math.floor(Math.min(bytes.length, 8192) / 2);
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (bytes[pair * 2] === 0) evenNuls++;
    if (bytes[pair * 2 + 1] === 0) oddNuls++;
  }
  if (oddNuls / pairs >= UTF16_NUL_SHARE && evenNuls / pairs < 0.05) return 'utf-16le';
  if (evenNuls / pairs >= UTF16_NUL_SHARE && oddNuls / pairs < 0.05) return 'utf-16be';
  return undefined;
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

/** The first byte that is not UTF-8 after `bodyStart`, or -1: one pass of the native decoder. */
async function firstInvalidUtf8(
  file: Blob,
  bodyStart: number,
  sliceBytes: number,
): Promise<number> {
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
      return (await locateInvalidByte(file, previousStart, end)) - bodyStart;
    }
    if (last) return -1;
    previousStart = start;
  }
}

/**
 * Decides how to read the file: a byte order mark says it outright; UTF-16 without one shows
 * in its NUL bytes; a file that is valid UTF-8 throughout is UTF-8; anything else is decoded
 * with each legacy encoding and the most plausible reading wins (Windows-1252 when none is
 * clearly better, as spreadsheets on Windows export "ANSI"). `chosen` skips the guess.
 */
export async function detectEncoding(
  file: Blob,
  sliceBytes = DEFAULT_SLICE_BYTES,
  chosen?: TextEncodingName,
): Promise<FileEncoding> {
  const head = await bytesOf(file, 0, SNIFF_BYTES);
  const mark = BYTE_ORDER_MARKS.find((candidate) => startsWith(head, candidate.bytes));
  const bomLength = mark && (!chosen || chosen === mark.encoding) ? mark.bytes.length : 0;
  const found = (encoding: TextEncodingName, rest: Partial<FileEncoding> = {}): FileEncoding => ({
    encoding,
    hadByteOrderMark: bomLength > 0,
    bomLength,
    firstInvalidOffset: -1,
    candidates: [encoding],
    chosen: chosen !== undefined,
    ...rest,
  });
  if (mark?.encoding.startsWith('utf-16') && !chosen) return found(mark.encoding);
  const utf16 = mark ? undefined : utf16WithoutMark(head);
  if (utf16 && !chosen) return found(utf16);
  if (chosen?.startsWith('utf-16')) return found(chosen);
  if (chosen && chosen !== 'utf-8') {
    const invalid = await firstInvalidUtf8(file, bomLength, sliceBytes);
    return found(chosen, { firstInvalidOffset: invalid });
  }
  const invalid = await firstInvalidUtf8(file, bomLength, sliceBytes);
  if (invalid === -1 || chosen === 'utf-8') return found('utf-8', { firstInvalidOffset: invalid });
  const around = await bytesOf(
    file,
    bomLength + Math.max(0, invalid - 1024),
    bomLength + invalid + SNIFF_BYTES,
  );
  const candidates = guessLegacyEncoding(around);
  return found(candidates[0] ?? 'windows-1252', { firstInvalidOffset: invalid, candidates });
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
  const bodyStart = encoding.bomLength;
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
    this.next = encoding.bomLength;
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
