/**
 * Catalogue CSV/TSV parsing for the import worker: decoding, column detection, a preview of the
 * first rows, and a streaming parse that hands good rows to the caller chunk by chunk and reports
 * every row it could not use.
 */
import Papa from 'papaparse';
import { appError, throwIfAborted } from '../../src/shared/errors.ts';
import type { ImportProblem, StoredRow } from '../../src/shared/db/schema.ts';
import type {
  ColumnMapping,
  ColumnRole,
  ImportPreview,
  ImportProgress,
} from '../../src/shared/worker-api.ts';

export type { ColumnMapping, ColumnRole, ImportProgress };

export type ProblemCode =
  | 'UnbalancedQuotes'
  | 'MissingCategory'
  | 'EmptyTitle'
  | 'WrongFieldCount'
  | 'NotUtf8'
  | 'ByteOrderMark';

/** An import problem with the field and code narrowed to what this parser reports. */
export interface RowProblem extends ImportProblem {
  field: ColumnRole | 'row' | 'file';
  code: ProblemCode;
}

/** Rows are stored exactly as parsed. */
export type CatalogueRow = StoredRow;

export type TextEncodingName = ImportPreview['encoding'];

export interface CataloguePreview extends ImportPreview {
  problems: RowProblem[];
}

export interface ParseResult {
  rowCount: number;
  /** At most 10,000 problems, then one summary problem ('and N more problems'). */
  problems: RowProblem[];
  /** Rows left out, counted even past the cap on kept problems. */
  skippedRows: number;
  headers: string[];
  encoding: TextEncodingName;
}

export interface ParseInput {
  file: Blob;
  mapping: ColumnMapping;
  /** Rows per onRows call (the last call may carry fewer). */
  chunkRows?: number;
  /** Characters handed to papaparse at a time; tests use tiny windows to cross record edges. */
  windowChars?: number;
}

const COLUMN_ROLES: readonly ColumnRole[] = ['id', 'title', 'description', 'category', 'image'];
const REQUIRED_ROLES: readonly ColumnRole[] = ['title', 'category'];

/** Ordered by preference: the first synonym found among the headers wins. */
const COLUMN_SYNONYMS: Record<ColumnRole, readonly string[]> = {
  id: ['id', 'sku', 'product_id', 'uniq_id'],
  title: ['title', 'name', 'product', 'product_name', 'productDisplayName'],
  description: ['description', 'desc', 'details', 'body'],
  category: ['category', 'label', 'class', 'categories', 'product_category_tree', 'type'],
  image: ['image', 'image_url', 'img', 'photo', 'file'],
};

const DELIMITERS_TO_GUESS = [',', '\t', ';'];
const SNIFF_CHARS = 64 * 1024;
const DEFAULT_WINDOW_CHARS = 256 * 1024;
const DEFAULT_CHUNK_ROWS = 1000;
const SAMPLE_ROWS = 20;
const MAX_KEPT_PROBLEMS = 10_000;
const PROGRESS_INTERVAL_MS = 100;

// ---------------------------------------------------------------------------------------------
// Column detection

/** 'Product Name', 'product_name' and 'productName' all name the same column. */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function detectColumns(headers: readonly string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const mapping: ColumnMapping = {};
  for (const role of COLUMN_ROLES) {
    for (const synonym of COLUMN_SYNONYMS[role]) {
      const header = headers[keys.indexOf(headerKey(synonym))];
      if (header !== undefined) {
        mapping[role] = header;
        break;
      }
    }
  }
  return mapping;
}

/** Header index per role; -1 where the role is not mapped. */
type ColumnIndexes = Record<ColumnRole, number>;

function listHeaders(headers: readonly string[]): string {
  return headers.length ? headers.map((header) => `"${header}"`).join(', ') : 'none';
}

function resolveColumns(mapping: ColumnMapping, headers: readonly string[]): ColumnIndexes {
  const found = `Headers found: ${listHeaders(headers)}.`;
  for (const role of REQUIRED_ROLES) {
    if (!mapping[role]) {
      throw appError(
        'InvalidInput',
        `Missing column for the ${role}: choose which column holds it. ${found}`,
      );
    }
  }
  const indexes: ColumnIndexes = { id: -1, title: -1, description: -1, category: -1, image: -1 };
  for (const role of COLUMN_ROLES) {
    const header = mapping[role];
    if (header === undefined || header === '') continue;
    indexes[role] = headers.indexOf(header);
    if (indexes[role] === -1) {
      throw appError(
        'InvalidInput',
        `Missing column "${header}" (chosen for the ${role}): the file has no such header. ${found}`,
      );
    }
  }
  return indexes;
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  hadByteOrderMark: boolean;
  /** Offset in `text` of the first byte that is not UTF-8, or -1. */
  firstInvalidOffset: number;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
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
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
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

async function decodeCatalogue(file: Blob): Promise<DecodedText> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  rejectUtf16(bytes);
  const hadByteOrderMark = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  const body = hadByteOrderMark ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding: 'utf-8', hadByteOrderMark, firstInvalidOffset: -1 };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Spreadsheets on Windows still export "ANSI". Windows-1252 maps every byte to one UTF-16
    // unit, so a byte offset in the body is also an offset in the text.
    const text = new TextDecoder('windows-1252').decode(body);
    const firstInvalidOffset = Math.max(0, firstInvalidUtf8Offset(body));
    return { text, encoding: 'windows-1252', hadByteOrderMark, firstInvalidOffset };
  }
}

// ---------------------------------------------------------------------------------------------
// Dialect, line numbers and records

type LineBreak = NonNullable<Papa.ParseConfig['newline']>;

interface Dialect {
  delimiter: string;
  lineBreak: LineBreak;
}

function detectDialect(text: string): Dialect {
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
class LineCounter {
  private readonly text: string;
  private readonly breakChar: string;
  private offset = 0;
  private line = 1;

  constructor(text: string, lineBreak: string) {
    this.text = text;
    this.breakChar = lineBreak === '\r' ? '\r' : '\n';
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

interface BrokenQuote {
  /** Offset of the opening quote papaparse could not match. */
  openedAt: number;
  runsToEndOfFile: boolean;
}

interface RawRecord {
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
 * the window doubles (a long multi-line field, or a quote that never closes).
 */
function readRecords(text: string, from: number, dialect: Dialect, windowChars: number) {
  const records: RawRecord[] = [];
  for (let size = windowChars; from < text.length; size *= 2) {
    const end = Math.min(text.length, from + size);
    const isLastWindow = end === text.length;
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
    if (records.length > 0 || isLastWindow) break;
  }
  return records;
}

/** Spreadsheets pad exports with rows like ',,,'; they are empty lines, not bad rows. */
function isBlank(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

// ---------------------------------------------------------------------------------------------
// Opening a catalogue: text, dialect, header

interface OpenCatalogue {
  text: string;
  encoding: TextEncodingName;
  dialect: Dialect;
  headers: string[];
  /** Offset just past the header record. */
  dataStart: number;
  fileProblems: RowProblem[];
}

function fileProblems(decoded: DecodedText, dialect: Dialect): RowProblem[] {
  const problems: RowProblem[] = [];
  if (decoded.hadByteOrderMark) {
    problems.push({
      line: 0,
      field: 'file',
      code: 'ByteOrderMark',
      message: 'The file starts with a byte order mark (BOM); it was removed.',
      skipped: false,
    });
  }
  if (decoded.encoding === 'windows-1252') {
    const line = new LineCounter(decoded.text, dialect.lineBreak).lineAt(
      decoded.firstInvalidOffset,
    );
    problems.push({
      line,
      field: 'file',
      code: 'NotUtf8',
      message: `Line ${line} is not valid UTF-8; the file was read as Windows-1252 — check accented characters.`,
      skipped: false,
    });
  }
  return problems;
}

async function openCatalogue(file: Blob): Promise<OpenCatalogue> {
  const decoded = await decodeCatalogue(file);
  const { text } = decoded;
  if (!/\S/.test(text)) throw appError('EmptyDataset', 'The file is empty.');
  const dialect = detectDialect(text);
  let offset = 0;
  while (offset < text.length) {
    const records = readRecords(text, offset, dialect, DEFAULT_WINDOW_CHARS);
    const header = records.find((record) => !isBlank(record.fields));
    if (header) {
      return {
        text,
        encoding: decoded.encoding,
        dialect,
        headers: header.fields.map((name) => name.trim()),
        dataStart: header.end,
        fileProblems: fileProblems(decoded, dialect),
      };
    }
    offset = records.at(-1)?.end ?? text.length;
  }
  throw appError('EmptyDataset', 'The file is empty.');
}

export async function previewCatalogue(file: Blob): Promise<CataloguePreview> {
  const catalogue = await openCatalogue(file);
  const sample: string[][] = [];
  let offset = catalogue.dataStart;
  while (sample.length < SAMPLE_ROWS && offset < catalogue.text.length) {
    const records = readRecords(catalogue.text, offset, catalogue.dialect, SNIFF_CHARS);
    for (const record of records) {
      if (!isBlank(record.fields) && sample.length < SAMPLE_ROWS) sample.push(record.fields);
    }
    offset = records.at(-1)?.end ?? catalogue.text.length;
  }
  return {
    headers: catalogue.headers,
    delimiter: catalogue.dialect.delimiter,
    mapping: detectColumns(catalogue.headers),
    sample,
    encoding: catalogue.encoding,
    problems: catalogue.fileProblems,
  };
}

// ---------------------------------------------------------------------------------------------
// Judging records

interface RecordContext {
  text: string;
  dialect: Dialect;
  headers: readonly string[];
  columns: ColumnIndexes;
  lines: LineCounter;
}

interface Verdict {
  row?: CatalogueRow;
  problem?: RowProblem;
  /** Parsing continues here instead of after the record (a quote swallowed later lines). */
  resumeAt?: number;
}

function fieldOf(fields: readonly string[], index: number): string {
  return index < 0 ? '' : (fields[index] ?? '').trim();
}

function toCatalogueRow(fields: readonly string[], line: number, columns: ColumnIndexes) {
  return {
    line,
    id: fieldOf(fields, columns.id),
    title: fieldOf(fields, columns.title),
    description: fieldOf(fields, columns.description),
    category: fieldOf(fields, columns.category),
    image: fieldOf(fields, columns.image),
  } satisfies CatalogueRow;
}

function skip(line: number, field: RowProblem['field'], code: ProblemCode, message: string) {
  return { problem: { line, field, code, message, skipped: true } } satisfies Verdict;
}

function roleOfColumn(columns: ColumnIndexes, index: number): ColumnRole | undefined {
  return COLUMN_ROLES.find((role) => columns[role] === index);
}

/** Which field the broken quote opened, found by parsing the record up to that quote. */
function columnIndexAt(record: RawRecord, openedAt: number, context: RecordContext): number {
  const before = Papa.parse<string[]>(context.text.slice(record.start, openedAt), {
    delimiter: context.dialect.delimiter,
    newline: context.dialect.lineBreak,
  }).data;
  return Math.max(0, (before.at(-1)?.length ?? 1) - 1);
}

function describeColumn(index: number, context: RecordContext): string {
  const role = roleOfColumn(context.columns, index);
  if (role) return `the ${role}`;
  const header = context.headers[index];
  return header ? `column "${header}"` : `field ${index + 1}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function lineRange(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

/**
 * A quote that never closes makes papaparse read every later line into one field. Instead of
 * losing those rows, the lines up to the quote are skipped and parsing restarts on the next line.
 */
function judgeBrokenQuote(
  record: RawRecord,
  brokenQuote: BrokenQuote,
  line: number,
  context: RecordContext,
): Verdict {
  const { lines } = context;
  const column = columnIndexAt(record, brokenQuote.openedAt, context);
  const field = roleOfColumn(context.columns, column) ?? 'row';
  const where = describeColumn(column, context);
  const quoteLine = lines.lineAt(brokenQuote.openedAt);
  const lastLine = lines.lineAt(Math.max(brokenQuote.openedAt, record.end - 1));
  const resumeAt = lines.nextLineStart(brokenQuote.openedAt);
  if (lastLine === quoteLine || resumeAt === -1) {
    const reason = brokenQuote.runsToEndOfFile ? 'is never closed' : 'is not closed properly';
    return skip(
      line,
      field,
      'UnbalancedQuotes',
      `Line ${line}: the quote that opens ${where} ${reason}, so the row was skipped`,
    );
  }
  const swallowed = brokenQuote.runsToEndOfFile
    ? `runs to the end of the file (${plural(lastLine - quoteLine, 'more row')} affected)`
    : `is not closed properly and swallowed ${lineRange(quoteLine + 1, lastLine)}`;
  const { problem } = skip(
    line,
    field,
    'UnbalancedQuotes',
    `Line ${line}: the quote opened in ${where} on line ${quoteLine} ${swallowed}; ` +
      `skipped ${lineRange(line, quoteLine)} and read the lines after it again as separate rows`,
  );
  return { problem, resumeAt };
}

function judgeFields(record: RawRecord, line: number, context: RecordContext): Verdict {
  const expected = context.headers.length;
  const found = record.fields.length;
  const counted = `Line ${line} has ${plural(found, 'field')} but the header has ${expected}`;
  const extras = record.fields.slice(expected);
  if (!isBlank(extras)) {
    return skip(
      line,
      'row',
      'WrongFieldCount',
      `${counted}; an unquoted delimiter probably shifted the columns, so the row was skipped`,
    );
  }
  const row = toCatalogueRow(record.fields, line, context.columns);
  const shortBy = found < expected ? `${counted}, and` : `Line ${line}:`;
  // A product photo is enough to classify by: image-only catalogues have no titles.
  if (!row.title && !row.image) {
    return skip(
      line,
      'title',
      'EmptyTitle',
      `${shortBy} the title is empty${context.columns.image >= 0 ? ' and there is no image' : ''}, so the row was skipped`,
    );
  }
  if (!row.category) {
    return skip(
      line,
      'category',
      'MissingCategory',
      `${shortBy} the category is empty, so the row was skipped`,
    );
  }
  if (found === expected) return { row };
  const fix =
    found < expected ? 'the missing fields were left empty' : 'the extra fields are empty';
  const problem: RowProblem = {
    line,
    field: 'row',
    code: 'WrongFieldCount',
    message: `${counted}; ${fix} and the row was kept`,
    skipped: false,
  };
  return { row, problem };
}

function judgeRecord(record: RawRecord, context: RecordContext): Verdict | undefined {
  if (isBlank(record.fields)) return undefined;
  const line = context.lines.lineAt(record.start);
  if (record.brokenQuote) return judgeBrokenQuote(record, record.brokenQuote, line, context);
  return judgeFields(record, line, context);
}

// ---------------------------------------------------------------------------------------------
// Streaming parse

/** Keeps the first problems and counts the rest, so a broken million-row file stays small. */
class ProblemLog {
  readonly kept: RowProblem[] = [];
  total = 0;
  skippedRows = 0;
  private firstDroppedCode: ProblemCode | undefined;
  private droppedSkipped = false;

  add(problem: RowProblem): void {
    this.total += 1;
    if (problem.skipped) this.skippedRows += 1;
    if (this.kept.length < MAX_KEPT_PROBLEMS) {
      this.kept.push(problem);
      return;
    }
    this.firstDroppedCode ??= problem.code;
    this.droppedSkipped ||= problem.skipped;
  }

  list(): RowProblem[] {
    const dropped = this.total - this.kept.length;
    if (dropped === 0 || !this.firstDroppedCode) return this.kept;
    const summary: RowProblem = {
      line: 0,
      field: 'file',
      code: this.firstDroppedCode,
      message: `and ${dropped} more problems`,
      skipped: this.droppedSkipped,
    };
    return [...this.kept, summary];
  }
}

function progressReporter(
  file: Blob,
  textLength: number,
  onProgress: (progress: ImportProgress) => void,
) {
  let lastReportAt = -Infinity;
  return (offset: number, rows: number, problems: number, force = false): void => {
    const now = performance.now();
    if (!force && now - lastReportAt < PROGRESS_INTERVAL_MS) return;
    lastReportAt = now;
    // Offsets count characters; scaling to the byte size is close enough for a progress bar.
    const bytes = textLength ? Math.round((offset / textLength) * file.size) : file.size;
    onProgress({ kind: 'parse', bytes, totalBytes: file.size, rows, problems });
  };
}

/**
 * Streams the file; calls onRows with chunks of good rows (awaiting each, so the caller's storage
 * keeps pace), reports progress about ten times a second, and stops with an AbortError when the
 * signal aborts. Every row left out has a problem entry; a too-short row that still has a title
 * and a category is kept, with a note.
 * @throws EmptyDataset when the file is empty or has only a header; InvalidInput ('Missing column
 *   ...') when the mapping lacks the title or category, or names a header the file does not have.
 */
export async function parseCatalogue(
  signal: AbortSignal | undefined,
  input: ParseInput,
  onProgress: (progress: ImportProgress) => void,
  onRows: (rows: CatalogueRow[]) => Promise<void>,
): Promise<ParseResult> {
  throwIfAborted(signal);
  const catalogue = await openCatalogue(input.file);
  throwIfAborted(signal);
  const { text, dialect, headers } = catalogue;
  const columns = resolveColumns(input.mapping, headers);
  if (!/\S/.test(text.slice(catalogue.dataStart))) {
    throw appError('EmptyDataset', 'The file has a header row but no data rows.');
  }
  const chunkRows = Math.max(1, input.chunkRows ?? DEFAULT_CHUNK_ROWS);
  const windowChars = Math.max(1, input.windowChars ?? DEFAULT_WINDOW_CHARS);
  const context: RecordContext = {
    text,
    dialect,
    headers,
    columns,
    lines: new LineCounter(text, dialect.lineBreak),
  };
  const problems = new ProblemLog();
  catalogue.fileProblems.forEach((problem) => problems.add(problem));
  const report = progressReporter(input.file, text.length, onProgress);
  const pending: CatalogueRow[] = [];
  let rowCount = 0;

  const deliver = async (all: boolean): Promise<void> => {
    while (pending.length >= chunkRows || (all && pending.length > 0)) {
      await onRows(pending.splice(0, chunkRows));
      throwIfAborted(signal);
    }
  };

  let offset = catalogue.dataStart;
  while (offset < text.length) {
    throwIfAborted(signal);
    const records = readRecords(text, offset, dialect, windowChars);
    offset = records.at(-1)?.end ?? text.length;
    for (const record of records) {
      const verdict = judgeRecord(record, context);
      if (verdict?.problem) problems.add(verdict.problem);
      if (verdict?.row) {
        pending.push(verdict.row);
        rowCount += 1;
      }
      if (verdict?.resumeAt !== undefined) {
        offset = verdict.resumeAt;
        break;
      }
    }
    await deliver(false);
    report(offset, rowCount, problems.total);
  }
  await deliver(true);
  report(text.length, rowCount, problems.total, true);
  return {
    rowCount,
    problems: problems.list(),
    skippedRows: problems.skippedRows,
    headers,
    encoding: catalogue.encoding,
  };
}
