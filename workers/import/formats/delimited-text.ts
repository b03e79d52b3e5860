/**
 * The delimited-text reader (CSV, TSV, semicolons, pipes): decodes the file slice by slice in
 * the detected (or chosen) encoding, guesses the delimiter, finds the header and hands out
 * records, each checked for broken quotes and shifted columns on the way.
 */
import { appError } from '@shared/errors.ts';
import {
  ENCODING_LABELS,
  type EncodingCandidate,
  type TextEncodingName,
} from '@shared/contracts/import.ts';
import {
  DEFAULT_SLICE_BYTES,
  detectEncoding,
  lineOfByte,
  TextSlices,
  type FileEncoding,
} from '../text-stream.ts';
import { uniqueHeaders } from '../columns.ts';
import { detectDialect, isBlank, SNIFF_CHARS, TextWindow, type Dialect } from '../csv-records.ts';
import {
  judgeRecord,
  type ProblemLog,
  type RecordContext,
  type RowProblem,
} from '../row-checks.ts';
import type {
  CatalogueFormat,
  OpenedSource,
  OpenOptions,
  RecordReader,
  SourceRecord,
} from './catalogue-format.ts';

const DEFAULT_WINDOW_CHARS = 256 * 1024;

/** The first line with characters beyond ASCII (where a wrong encoding shows), else the second. */
export function sampleLineOf(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
  const line = lines.find((candidate) => /[\u0080-\uffff]/.test(candidate)) ?? lines[1] ?? lines[0];
  return (line ?? '').slice(0, 200);
}

async function headText(file: Blob, encoding: FileEncoding, sliceBytes: number): Promise<string> {
  const slices = new TextSlices(file, encoding, sliceBytes);
  let head = '';
  while (head.length < SNIFF_CHARS && !slices.done) head += (await slices.read()) ?? '';
  return head;
}

async function encodingProblems(
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
  if (encoding.firstInvalidOffset >= 0 && encoding.encoding !== 'utf-8') {
    const line = await lineOfByte(file, encoding, encoding.firstInvalidOffset, dialect.lineBreak);
    problems.push({
      line,
      field: 'file',
      code: 'NotUtf8',
      message: `Line ${line} is not valid UTF-8; the file was read as ${ENCODING_LABELS[encoding.encoding]} — check the sample line, and choose another encoding if it looks wrong.`,
      skipped: false,
    });
  }
  return problems;
}

async function candidateLines(
  file: Blob,
  encoding: FileEncoding,
  sample: string,
  sliceBytes: number,
): Promise<EncodingCandidate[]> {
  const others = encoding.candidates.filter((candidate) => candidate !== encoding.encoding);
  const lines: EncodingCandidate[] = [{ encoding: encoding.encoding, sampleLine: sample }];
  for (const other of others.slice(0, 5)) {
    const text = await headText(file, { ...encoding, encoding: other }, sliceBytes);
    lines.push({ encoding: other, sampleLine: sampleLineOf(text) });
  }
  return lines;
}

class DelimitedRecords implements RecordReader {
  constructor(
    private readonly window: TextWindow,
    private readonly context: RecordContext,
    private readonly problems: ProblemLog,
    private readonly windowChars: number,
  ) {}

  async next(): Promise<SourceRecord[] | null> {
    const { window, context } = this;
    for (;;) {
      const records = await window.nextRecords(context.dialect, this.windowChars);
      if (records.length === 0) return null;
      window.offset = records.at(-1)?.end ?? window.text.length;
      const out: SourceRecord[] = [];
      for (const record of records) {
        const verdict = judgeRecord(record, context);
        if (verdict?.problem) this.problems.add(verdict.problem);
        if (verdict?.record) out.push(verdict.record);
        if (verdict?.resumeAt !== undefined) {
          window.offset = verdict.resumeAt;
          break;
        }
      }
      if (out.length > 0) return out;
    }
  }

  bytesParsed(): number {
    return this.window.bytesParsed();
  }
}

/**
 * Opens delimited text: encoding, dialect, header.
 * @throws EmptyDataset when the file is empty
 */
async function openDelimited(file: Blob, options: OpenOptions): Promise<OpenedSource> {
  const sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
  const encoding = await detectEncoding(file, sliceBytes, options.encoding);
  const head = await headText(file, encoding, sliceBytes);
  if (!/\S/.test(head)) throw appError('EmptyDataset', 'The file is empty.');
  const detected = detectDialect(head);
  const dialect: Dialect = { ...detected, delimiter: options.delimiter || detected.delimiter };
  const window = new TextWindow(new TextSlices(file, encoding, sliceBytes), dialect.lineBreak);
  let header: string[] | undefined;
  while (!header) {
    const records = await window.nextRecords(dialect, DEFAULT_WINDOW_CHARS);
    if (records.length === 0) throw appError('EmptyDataset', 'The file is empty.');
    const found = records.find((record) => !isBlank(record.fields));
    window.offset = (found ?? records.at(-1))?.end ?? window.text.length;
    header = found?.fields;
  }
  const named = uniqueHeaders(header);
  const sampleLine = sampleLineOf(head);
  const delimiterId: Record<string, string> = { ',': 'csv', '\t': 'tsv', ';': 'csv', '|': 'psv' };
  return {
    kind: 'delimited',
    formatId: delimiterId[dialect.delimiter] ?? 'csv',
    headers: named.headers,
    encoding: encoding.encoding,
    encodingCandidates: await candidateLines(file, encoding, sampleLine, sliceBytes),
    sampleLine,
    delimiter: dialect.delimiter,
    sheets: [],
    sheet: null,
    options: { encoding: encoding.encoding, delimiter: dialect.delimiter },
    fileProblems: [...(await encodingProblems(file, encoding, dialect)), ...named.problems],
    records: (problems, columns) =>
      new DelimitedRecords(
        window,
        { window, dialect, headers: named.headers, columns },
        problems,
        Math.max(1, options.windowChars ?? DEFAULT_WINDOW_CHARS),
      ),
  };
}

export const delimitedText: CatalogueFormat = {
  name: 'delimited text',
  // The fallback: any text file is read as delimited text.
  detect: () => true,
  open: openDelimited,
};

export type { TextEncodingName };
