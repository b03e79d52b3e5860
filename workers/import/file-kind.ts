/**
 * What a file is, from its first bytes: a spreadsheet (zip or OLE container), one of the
 * binary kinds people rename by mistake, or text. Never from the name: a PNG renamed `.csv`
 * is still a PNG.
 */

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

/** Signatures of files that are not catalogues, with what to call them. */
const BINARY_SIGNATURES: readonly { bytes: number[]; at?: number; name: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: ascii('GIF8'), name: 'a GIF image' },
  { bytes: ascii('RIFF'), name: 'a RIFF file (WebP image, WAV or AVI)' },
  { bytes: ascii('ftyp'), at: 4, name: 'a video or HEIC/AVIF image' },
  { bytes: ascii('%PDF'), name: 'a PDF document' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: ascii('BZh'), name: 'a bzip2 archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'an xz archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], name: 'a zstd archive' },
  { bytes: ascii('7z'), name: 'a 7-Zip archive' },
  { bytes: ascii('Rar!'), name: 'a RAR archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'a program (ELF)' },
  { bytes: ascii('MZ'), name: 'a Windows program' },
  { bytes: ascii('SQLite format 3'), name: 'an SQLite database' },
  { bytes: ascii('PAR1'), name: 'a Parquet file' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], name: 'a WebAssembly module' },
  { bytes: ascii('OggS'), name: 'an Ogg media file' },
  { bytes: ascii('ID3'), name: 'an MP3 file' },
];

export const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 compound file of Excel 97–2003 (.xls). */
export const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_SIGNATURE);
}

export function isOle(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE_SIGNATURE);
}

/** Whether the zip's first entries name a workbook (XLSX: `xl/`, `[Content_Types].xml`; ODS: `mimetype`). */
export function isSpreadsheetZip(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  const names = new TextDecoder('latin1').decode(bytes);
  return (
    names.includes('[Content_Types].xml') ||
    names.includes('xl/') ||
    names.includes('application/vnd.oasis.opendocument.spreadsheet')
  );
}

/** What the bytes are, when they are a known kind of binary file; undefined for anything else. */
export function binaryKind(bytes: Uint8Array): string | undefined {
  for (const signature of BINARY_SIGNATURES)
    if (startsWith(bytes, signature.bytes, signature.at)) return signature.name;
  if (isZip(bytes) && !isSpreadsheetZip(bytes)) return 'a zip archive that holds no spreadsheet';
  return undefined;
}

/**
 * Text has no NUL bytes (UTF-16, which is mostly NULs in one byte of two, is told apart
 * before this) and few control characters; a binary file of an unknown kind has many.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.length === 0) return false;
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  }
  return controls / sample.length > 0.1;
}
