/**
 * Spreadsheets: XLSX, XLS (Excel 97–2003) and ODS, read with SheetJS Community Edition (the
 * 0.20.3 release, which fixes the prototype-pollution and ReDoS advisories of the 0.18 release
 * still on the npm `xlsx` name). A workbook cannot be read a row at a time, so memory is bounded
 * instead: files above MAX_SPREADSHEET_BYTES are refused with the advice to save them as CSV,
 * only the chosen sheet (and the lookup sheet) is parsed, in dense mode, and the preview parses
 * only its first rows. Cells are read as the spreadsheet shows them (formatted text).
 */
import { read, utils, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { appError } from '@shared/errors.ts';
import { uniqueHeaders } from '../columns.ts';
import { isBlank } from '../csv-records.ts';
import { isOle, isSpreadsheetZip } from '../file-kind.ts';
import type { ProblemLog } from '../row-checks.ts';
import type {
  CatalogueFormat,
  OpenedSource,
  OpenOptions,
  RecordReader,
  SourceRecord,
} from './catalogue-format.ts';

/** About what a browser tab can parse without running out of memory (SheetJS holds the whole sheet). */
export const MAX_SPREADSHEET_BYTES = 64 * 2 ** 20;
const BATCH = 1000;

function formatIdOf(bytes: Uint8Array): string {
  if (isOle(bytes)) return 'xls';
  const names = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return names.includes('opendocument.spreadsheet') ? 'ods' : 'xlsx';
}

function readWorkbook(bytes: Uint8Array, options: Parameters<typeof read>[1]): WorkBook {
  try {
    return read(bytes, {
      type: 'array',
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      ...options,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw appError(
      'InvalidInput',
      `This spreadsheet could not be read (${reason}). Save it again from your spreadsheet program, or as CSV.`,
    );
  }
}

/** A sheet as rows of text, with the sheet row number of the first. */
function sheetRows(sheet: WorkSheet | undefined): { rows: string[][]; firstRow: number } {
  if (!sheet?.['!ref']) return { rows: [], firstRow: 1 };
  const range = utils.decode_range(sheet['!ref']);
  const rows = utils.sheet_to_json<string[]>(sheet, {
    header: 1,
    raw: false,
    defval: '',
    blankrows: true,
  });
  return {
    rows: rows.map((row) => row.map((cell) => String(cell ?? ''))),
    firstRow: range.s.r + 1,
  };
}

function lookupOf(sheet: WorkSheet | undefined, name: string): Map<string, string> {
  const { rows } = sheetRows(sheet);
  if (rows.length === 0) throw appError('InvalidInput', `The lookup sheet "${name}" is empty.`);
  const lookup = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const code = (row[0] ?? '').trim();
    const value = (row[1] ?? '').trim();
    if (code && value) lookup.set(code, value);
  }
  return lookup;
}

class SheetRecords implements RecordReader {
  private at: number;
  constructor(
    private readonly rows: string[][],
    start: number,
    private readonly firstRow: number,
    private readonly width: number,
    private readonly size: number,
  ) {
    this.at = start;
  }

  async next(): Promise<SourceRecord[] | null> {
    const out: SourceRecord[] = [];
    while (this.at < this.rows.length && out.length < BATCH) {
      const fields = this.rows[this.at] as string[];
      if (!isBlank(fields)) {
        const padded = fields.slice(0, this.width);
        while (padded.length < this.width) padded.push('');
        out.push({ line: this.firstRow + this.at, fields: padded });
      }
      this.at++;
    }
    return out.length > 0 ? out : null;
  }

  bytesParsed(): number {
    return Math.round((this.at / Math.max(1, this.rows.length)) * this.size);
  }
}

async function openSpreadsheet(file: Blob, options: OpenOptions): Promise<OpenedSource> {
  if (file.size > MAX_SPREADSHEET_BYTES)
    throw appError(
      'InvalidInput',
      `This spreadsheet is ${(file.size / 2 ** 20).toFixed(0)} MB; spreadsheets up to ${MAX_SPREADSHEET_BYTES / 2 ** 20} MB are read here. Save the sheet as CSV (UTF-8) and import that: CSV of any size is read piece by piece.`,
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sheets = readWorkbook(bytes, { bookSheets: true }).SheetNames;
  if (sheets.length === 0) throw appError('EmptyDataset', 'The spreadsheet has no sheets.');
  const sheet = options.sheet ?? (sheets[0] as string);
  const list = sheets.map((name) => `"${name}"`).join(', ');
  for (const wanted of [sheet, options.lookupSheet || undefined]) {
    if (wanted !== undefined && !sheets.includes(wanted))
      throw appError(
        'InvalidInput',
        `The spreadsheet has no sheet "${wanted}". Its sheets: ${list}.`,
      );
  }
  const wanted = [sheet, ...(options.lookupSheet ? [options.lookupSheet] : [])];
  const book = readWorkbook(bytes, {
    dense: true,
    sheets: wanted,
    ...(options.previewRows ? { sheetRows: options.previewRows + 20 } : {}),
  });
  const { rows, firstRow } = sheetRows(book.Sheets[sheet]);
  const headerAt = rows.findIndex((row) => !isBlank(row));
  if (headerAt < 0) throw appError('EmptyDataset', `The sheet "${sheet}" is empty.`);
  const named = uniqueHeaders(rows[headerAt] as string[]);
  const lookup = options.lookupSheet
    ? lookupOf(
        readWorkbook(bytes, { dense: true, sheets: [options.lookupSheet] }).Sheets[
          options.lookupSheet
        ],
        options.lookupSheet,
      )
    : undefined;
  const formatId = formatIdOf(bytes);
  const sample = rows
    .slice(headerAt + 1)
    .find((row) => row.some((cell) => /[\u0080-\uffff]/.test(cell)));
  return {
    kind: 'spreadsheet',
    formatId,
    headers: named.headers,
    encoding: null,
    encodingCandidates: [],
    sampleLine: (sample ?? rows[headerAt + 1] ?? []).join(' | ').slice(0, 200),
    delimiter: null,
    sheets,
    sheet,
    options: {
      sheet,
      ...(options.lookupSheet !== undefined ? { lookupSheet: options.lookupSheet } : {}),
    },
    fileProblems: named.problems,
    ...(lookup ? { lookup } : {}),
    records: (_problems: ProblemLog) =>
      new SheetRecords(rows, headerAt + 1, firstRow, named.headers.length, file.size),
  };
}

export const spreadsheet: CatalogueFormat = {
  name: 'spreadsheet',
  detect: ({ bytes }) => isOle(bytes) || isSpreadsheetZip(bytes),
  open: openSpreadsheet,
};
