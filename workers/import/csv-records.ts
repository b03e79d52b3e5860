/**
 * Delimited text, record by record: the dialect (delimiter, line break), physical line numbers,
 * and a window over the file's text that hands out complete records however long the file.
 */
import Papa from 'papaparse';
import type { TextSlices } from './text-stream.ts';

const DELIMITERS_TO_GUESS = [',', '\t', ';'];
/** Characters read to guess the dialect and find the header. */
export const SNIFF_CHARS = 64 * 1024;

export type LineBreak = NonNullable<Papa.ParseConfig['newline']>;

export interface Dialect {
  delimiter: string;
  lineBreak: LineBreak;
}

export function detectDialect(text: string): Dialect {
  const sniff = Papa.parse<string[]>(text.slice(0, SNIFF_CHARS), {
    preview: 10,
    skipEmptyLines: true,
    delimitersToGuess: DELIMITERS_TO_GUESS,
  });
  return { delimiter: sniff.meta.delimiter, lineBreak: sniff.meta.linebreak as LineBreak };
}

/**
 * Turns character offsets into 1-based physical line numbers, as an editor shows them, so
 * quoted fields that span lines do not shift the numbers of later rows. Offsets mostly grow,
 * so it counts from the previous answer instead of from the start.
 */
export class LineCounter {
  private readonly text: string;
  private readonly breakChar: string;
  private offset = 0;
  private line: number;

  constructor(text: string, lineBreak: string, firstLine = 1) {
    this.text = text;
    this.breakChar = lineBreak === '\r' ? '\r' : '\n';
    this.line = firstLine;
  }

  lineAt(offset: number): number {
    if (offset >= this.offset) this.line += this.countBreaks(this.offset, offset);
    else this.line -= this.countBreaks(offset, this.offset);
    this.offset = offset;
    return this.line;
  }

  /** Offset of the first character of the line after the one holding `offset`, or -1. */
  nextLineStart(offset: number): number {
    const lineBreak = this.text.indexOf(this.breakChar, offset);
    return lineBreak === -1 ? -1 : lineBreak + 1;
  }

  private countBreaks(from: number, to: number): number {
    let count = 0;
    for (let at = this.text.indexOf(this.breakChar, from); at !== -1 && at < to;) {
      count += 1;
      at = this.text.indexOf(this.breakChar, at + 1);
    }
    return count;
  }
}

export interface BrokenQuote {
  /** Offset of the opening quote papaparse could not match. */
  openedAt: number;
  runsToEndOfFile: boolean;
}

export interface RawRecord {
  fields: string[];
  /** Offsets in the text: where the record starts, and just past its line break. */
  start: number;
  end: number;
  brokenQuote?: BrokenQuote;
}

function findBrokenQuote(
  errors: readonly Papa.ParseError[],
  base: number,
): BrokenQuote | undefined {
  const error = errors.find((candidate) => candidate.type === 'Quotes');
  if (!error) return undefined;
  // papaparse reports the index just past the opening quote of the field it was reading.
  const openedAt = base + Math.max(0, (error.index ?? 1) - 1);
  return { openedAt, runsToEndOfFile: error.code === 'MissingQuotes' };
}

/**
 * Parses the complete records in the window that starts at `from`. A record touching the end of
 * a window may be cut short, so it is left for the next window; when the first record is cut,
 * the window doubles (a long multi-line field, or a quote that never closes). Until
 * `textIsComplete`, the end of `text` is such an edge too: no records means "read more".
 */
function readRecords(
  text: string,
  from: number,
  dialect: Dialect,
  windowChars: number,
  textIsComplete: boolean,
) {
  const records: RawRecord[] = [];
  for (let size = windowChars; from < text.length; size *= 2) {
    const end = Math.min(text.length, from + size);
    const isLastWindow = end === text.length && textIsComplete;
    // papaparse drops a leading U+FEFF from any string it parses, which would shift offsets.
    const base = from + (text.charCodeAt(from) === 0xfeff ? 1 : 0);
    let start = from;
    Papa.parse<string[]>(text.slice(from, end), {
      delimiter: dialect.delimiter,
      newline: dialect.lineBreak,
      step: (result, parser) => {
        const recordEnd = base + result.meta.cursor;
        if (!isLastWindow && recordEnd >= end) {
          parser.abort();
          return;
        }
        const brokenQuote = findBrokenQuote(result.errors, base);
        records.push({ fields: result.data, start, end: recordEnd, brokenQuote });
        start = recordEnd;
      },
    });
    if (records.length > 0 || end === text.length) break;
  }
  return records;
}

/**
 * The part of the file being parsed: decoded slices are appended as records need them and the
 * text already parsed is dropped, so memory stays flat however long the file. Offsets are into
 * `text`; `lines` numbers them as lines of the whole file.
 */
export class TextWindow {
  text = '';
  /** Where parsing continues in `text`. */
  offset = 0;
  lines: LineCounter;
  private droppedChars = 0;

  constructor(
    private readonly slices: TextSlices,
    private readonly lineBreak: string,
  ) {
    this.lines = new LineCounter('', lineBreak);
  }

  get complete(): boolean {
    return this.slices.done;
  }

  /** Appends the next slice after dropping what was parsed; false once the file is read. */
  async grow(): Promise<boolean> {
    const piece = await this.slices.read();
    if (piece === null) return false;
    const firstLine = this.lines.lineAt(this.offset);
    this.droppedChars += this.offset;
    this.text = this.text.slice(this.offset) + piece;
    this.offset = 0;
    this.lines = new LineCounter(this.text, this.lineBreak, firstLine);
    return true;
  }

  /** The complete records from `offset` on, reading more of the file when none is complete. */
  async nextRecords(dialect: Dialect, windowChars: number): Promise<RawRecord[]> {
    for (;;) {
      const records = readRecords(this.text, this.offset, dialect, windowChars, this.complete);
      if (records.length > 0 || !(await this.grow())) return records;
    }
  }

  /** Whether anything but white space follows `offset`. */
  async hasContent(): Promise<boolean> {
    for (;;) {
      if (/\S/.test(this.text.slice(this.offset))) return true;
      if (!(await this.grow())) return false;
    }
  }

  /** Bytes of the file parsed so far, estimated from the characters read per byte. */
  bytesParsed(): number {
    const chars = this.droppedChars + this.offset;
    return Math.round((chars / Math.max(1, this.slices.charsRead)) * this.slices.bytesRead);
  }
}

/** Spreadsheets pad exports with rows like ',,,'; they are empty lines, not bad rows. */
export function isBlank(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}
