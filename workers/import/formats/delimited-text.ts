/**
 * The delimited-text format (CSV, TSV, semicolons): opens the file, finds its header, previews
 * the first rows and streams the rest through the row checks chunk by chunk.
 */
import { appError, throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { ImportProgress } from '@shared/contracts/import.ts';
import {
  DEFAULT_SLICE_BYTES,
  detectEncoding,
  lineOfByte,
  TextSlices,
  type FileEncoding,
} from '../text-stream.ts';
import { detectColumns, resolveColumns } from '../columns.ts';
import { detectDialect, isBlank, SNIFF_CHARS, TextWindow, type Dialect } from '../csv-records.ts';
import {
  judgeRecord,
  ProblemLog,
  type CatalogueRow,
  type RecordContext,
  type RowProblem,
} from '../row-checks.ts';
import type {
  CatalogueFormat,
  CataloguePreview,
  ParseInput,
  ParseResult,
  TextEncodingName,
} from './catalogue-format.ts';

const DEFAULT_WINDOW_CHARS = 256 * 1024;
const DEFAULT_CHUNK_ROWS = 1000;
const SAMPLE_ROWS = 20;

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

async function previewCsv(file: Blob): Promise<CataloguePreview> {
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

function progressReporter(file: Blob, onProgress: (progress: ImportProgress) => void) {
  const clock = new ProgressClock();
  return (bytes: number, rows: number, problems: number, force = false): void => {
    if (!clock.due(force)) return;
    const parsed = Math.min(bytes, file.size);
    onProgress({
      kind: 'parse',
      bytes: parsed,
      totalBytes: file.size,
      rows,
      problems,
      etaMs: clock.remainingMs(parsed, file.size),
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
async function parseCsv(
  signal: AbortSignal | undefined,
  input: ParseInput,
  onProgress: (progress: ImportProgress) => void,
  onRows: (rows: CatalogueRow[]) => Promise<void>,
): Promise<ParseResult> {
  throwIfAborted(signal);
  const catalogue = await openCatalogue(input.file, input.sliceBytes);
  throwIfAborted(signal);
  const { window, dialect, headers } = catalogue;
  const columns = resolveColumns(input.mapping, headers);
  if (!(await window.hasContent())) {
    throw appError('EmptyDataset', 'The file has a header row but no data rows.');
  }
  const chunkRows = Math.max(1, input.chunkRows ?? DEFAULT_CHUNK_ROWS);
  const windowChars = Math.max(1, input.windowChars ?? DEFAULT_WINDOW_CHARS);
  const context: RecordContext = { window, dialect, headers, columns };
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

export const delimitedText: CatalogueFormat = {
  name: 'delimited text',
  // The fallback: any text file is read as delimited text.
  detect: () => true,
  preview: previewCsv,
  parse: parseCsv,
};
