/**
 * Catalogue CSV/TSV parsing for the import worker: decoding, column detection, a preview of the
 * first rows, and a streaming parse that hands good rows to the caller chunk by chunk and reports
 * every row it could not use.
 */
import Papa from 'papaparse';
import { appError, throwIfAborted } from '../../src/shared/errors.ts';
import type { ImportProblem, StoredRow } from '../../src/shared/db/schema.ts';
import {
  DEFAULT_SLICE_BYTES,
  detectEncoding,
  lineOfByte,
  TextSlices,
  type FileEncoding,
} from './text-stream.ts';
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
  /** Bytes of the file read at a time; tests use tiny slices to cross character edges. */
  sliceBytes?: number;
  /**
   * False for a catalogue to classify rather than to train on: the category column may be
   * missing and rows without a category are kept (default true).
   */
  labelled?: boolean;
}

const COLUMN_ROLES: readonly ColumnRole[] = ['id', 'title', 'description', 'category', 'image'];
const REQUIRED_ROLES: readonly ColumnRole[] = ['title', 'category'];
const UNLABELLED_REQUIRED_ROLES: readonly ColumnRole[] = ['title'];

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

function resolveColumns(
  mapping: ColumnMapping,
  headers: readonly string[],
  labelled = true,
): ColumnIndexes {
  const found = `Headers found: ${listHeaders(headers)}.`;
  for (const role of labelled ? REQUIRED_ROLES : UNLABELLED_REQUIRED_ROLES) {
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
class TextWindow {
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
function isBlank(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

// ---------------------------------------------------------------------------------------------
// Opening a catalogue: text, dialect, header

interface OpenCatalogue {
  window: TextWindow;
  encoding: TextEncodingName;
  dialect: Dialect;
  headers: string[];
  fileProblems: RowProblem[];
}

async function fileProblems(
  file: Blob,
  encoding: FileEncoding,
  dialect: Dialect,
): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  if (encoding.hadByteOrderMark) {
    problems.push({
      line: 0,
      field: 'file',
      code: 'ByteOrderMark',
      message: 'The file starts with a byte order mark (BOM); it was removed.',
      skipped: false,
    });
  }
  if (encoding.encoding === 'windows-1252') {
    const line = await lineOfByte(file, encoding, encoding.firstInvalidOffset, dialect.lineBreak);
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

/** Reads the file up to and including its header; the window then points at the first row. */
async function openCatalogue(file: Blob, sliceBytes = DEFAULT_SLICE_BYTES): Promise<OpenCatalogue> {
  const encoding = await detectEncoding(file, sliceBytes);
  const slices = new TextSlices(file, encoding, sliceBytes);
  let head = '';
  while (head.length < SNIFF_CHARS && !slices.done) head += (await slices.read()) ?? '';
  if (!/\S/.test(head) && slices.done) throw appError('EmptyDataset', 'The file is empty.');
  const dialect = detectDialect(head);
  const window = new TextWindow(new TextSlices(file, encoding, sliceBytes), dialect.lineBreak);
  for (;;) {
    const records = await window.nextRecords(dialect, DEFAULT_WINDOW_CHARS);
    if (records.length === 0) throw appError('EmptyDataset', 'The file is empty.');
    const header = records.find((record) => !isBlank(record.fields));
    window.offset = (header ?? records.at(-1))?.end ?? window.text.length;
    if (header) {
      return {
        window,
        encoding: encoding.encoding,
        dialect,
        headers: header.fields.map((name) => name.trim()),
        fileProblems: await fileProblems(file, encoding, dialect),
      };
    }
  }
}

export async function previewCatalogue(file: Blob): Promise<CataloguePreview> {
  const catalogue = await openCatalogue(file);
  const { window } = catalogue;
  const sample: string[][] = [];
  while (sample.length < SAMPLE_ROWS) {
    const records = await window.nextRecords(catalogue.dialect, SNIFF_CHARS);
    if (records.length === 0) break;
    for (const record of records) {
      if (!isBlank(record.fields) && sample.length < SAMPLE_ROWS) sample.push(record.fields);
    }
    window.offset = records.at(-1)?.end ?? window.text.length;
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
  /** Record offsets are into its text, whose lines it numbers. */
  window: TextWindow;
  dialect: Dialect;
  headers: readonly string[];
  columns: ColumnIndexes;
  labelled: boolean;
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
  const before = Papa.parse<string[]>(context.window.text.slice(record.start, openedAt), {
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
  const { lines } = context.window;
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
  if (!row.category && context.labelled) {
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
  const line = context.window.lines.lineAt(record.start);
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

function progressReporter(file: Blob, onProgress: (progress: ImportProgress) => void) {
  let lastReportAt = -Infinity;
  return (bytes: number, rows: number, problems: number, force = false): void => {
    const now = performance.now();
    if (!force && now - lastReportAt < PROGRESS_INTERVAL_MS) return;
    lastReportAt = now;
    onProgress({
      kind: 'parse',
      bytes: Math.min(bytes, file.size),
      totalBytes: file.size,
      rows,
      problems,
    });
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
  const catalogue = await openCatalogue(input.file, input.sliceBytes);
  throwIfAborted(signal);
  const { window, dialect, headers } = catalogue;
  const labelled = input.labelled ?? true;
  const columns = resolveColumns(input.mapping, headers, labelled);
  if (!(await window.hasContent())) {
    throw appError('EmptyDataset', 'The file has a header row but no data rows.');
  }
  const chunkRows = Math.max(1, input.chunkRows ?? DEFAULT_CHUNK_ROWS);
  const windowChars = Math.max(1, input.windowChars ?? DEFAULT_WINDOW_CHARS);
  const context: RecordContext = { window, dialect, headers, columns, labelled };
  const problems = new ProblemLog();
  catalogue.fileProblems.forEach((problem) => problems.add(problem));
  const report = progressReporter(input.file, onProgress);
  const pending: CatalogueRow[] = [];
  let rowCount = 0;

  const deliver = async (all: boolean): Promise<void> => {
    while (pending.length >= chunkRows || (all && pending.length > 0)) {
      await onRows(pending.splice(0, chunkRows));
      throwIfAborted(signal);
    }
  };

  for (;;) {
    throwIfAborted(signal);
    const records = await window.nextRecords(dialect, windowChars);
    if (records.length === 0) break;
    window.offset = records.at(-1)?.end ?? window.text.length;
    for (const record of records) {
      const verdict = judgeRecord(record, context);
      if (verdict?.problem) problems.add(verdict.problem);
      if (verdict?.row) {
        pending.push(verdict.row);
        rowCount += 1;
      }
      if (verdict?.resumeAt !== undefined) {
        window.offset = verdict.resumeAt;
        break;
      }
    }
    await deliver(false);
    report(window.bytesParsed(), rowCount, problems.total);
  }
  await deliver(true);
  report(input.file.size, rowCount, problems.total, true);
  return {
    rowCount,
    problems: problems.list(),
    skippedRows: problems.skippedRows,
    headers,
    encoding: catalogue.encoding,
  };
}
