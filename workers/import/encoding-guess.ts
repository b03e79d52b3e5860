/**
 * Which legacy encoding a file that is not UTF-8 is in. Every candidate is decoded with the
 * native TextDecoder in fatal mode, so a reading that breaks the encoding's byte rules is out;
 * of those left, chardet (ICU's detector: byte n-grams and the most common characters of each
 * language) ranks the plausible ones. GB18030 and Windows-1252 accept almost any bytes, so
 * the ranking, not the decoding, tells them apart from Shift-JIS or Big5.
 */
import { analyse } from 'chardet';
import { TEXT_ENCODINGS, type TextEncodingName } from '@shared/contracts/import.ts';

/** Share of NUL bytes at one position of each pair from which a file reads as UTF-16. */
export const UTF16_NUL_SHARE = 0.3;

/** The legacy encodings the import reads, in the order ties are broken. */
export const LEGACY_ENCODINGS: readonly TextEncodingName[] = TEXT_ENCODINGS.filter(
  (encoding) => !encoding.startsWith('utf-'),
);

/** chardet's names for the encodings the import reads; Latin-1 and its kin read as Windows-1252. */
const FROM_DETECTOR: Record<string, TextEncodingName> = {
  'iso-8859-1': 'windows-1252',
  'iso-8859-15': 'windows-1252',
  'windows-1252': 'windows-1252',
  shift_jis: 'shift_jis',
  'euc-jp': 'euc-jp',
  gb18030: 'gb18030',
  big5: 'big5',
  'euc-kr': 'euc-kr',
};

/** Whether `bytes` decode under `encoding`'s rules; a cut character at the very end is fine. */
export function decodesCleanly(bytes: Uint8Array, encoding: TextEncodingName): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Drops a partial line at each end so no character is cut in the middle. */
function wholeLines(bytes: Uint8Array): Uint8Array {
  const first = bytes.indexOf(0x0a);
  const last = bytes.lastIndexOf(0x0a);
  return first >= 0 && last > first ? bytes.subarray(first + 1, last + 1) : bytes;
}

/**
 * The legacy encodings that read `bytes`, most plausible first; Windows-1252 (which reads any
 * bytes) is always among them, first when the detector prefers no other.
 */
export function guessLegacyEncoding(bytes: Uint8Array): TextEncodingName[] {
  const sample = wholeLines(bytes);
  const valid = LEGACY_ENCODINGS.filter((encoding) => decodesCleanly(sample, encoding));
  const confidence = new Map<TextEncodingName, number>();
  for (const match of analyse(sample)) {
    const encoding = FROM_DETECTOR[match.name.toLowerCase()];
    if (encoding && valid.includes(encoding) && !confidence.has(encoding))
      confidence.set(encoding, match.confidence);
  }
  return [...valid].sort(
    (a, b) =>
      (confidence.get(b) ?? -1) - (confidence.get(a) ?? -1) ||
      LEGACY_ENCODINGS.indexOf(a) - LEGACY_ENCODINGS.indexOf(b),
  );
}
