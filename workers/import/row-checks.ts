/**
 * What becomes of each record of a catalogue: a stored row, a row kept with a note, or a
 * skipped row with a problem that names its line and field; and the log of those problems.
 */
import Papa from 'papaparse';
import type { ImportProblem, StoredRow } from '@shared/db/records/catalogue.ts';
import type { ColumnRole } from '@shared/contracts/import.ts';
import { roleOfColumn, type ColumnIndexes } from './columns.ts';
import {
  isBlank,
  type BrokenQuote,
  type Dialect,
  type RawRecord,
  type TextWindow,
} from './csv-records.ts';

export type ProblemCode =
  | 'UnbalancedQuotes'
  | 'MissingCategory'
  | 'EmptyTitle'
  | 'WrongFieldCount'
  | 'NotUtf8'
  | 'ByteOrderMark';

/** An import problem with the field and code narrowed to what the import reports. */
export interface RowProblem extends ImportProblem {
  field: ColumnRole | 'row' | 'file';
  code: ProblemCode;
}

/** Rows are stored exactly as parsed. */
export type CatalogueRow = StoredRow;

const MAX_KEPT_PROBLEMS = 10_000;

export interface RecordContext {
  /** Record offsets are into its text, whose lines it numbers. */
  window: TextWindow;
  dialect: Dialect;
  headers: readonly string[];
  columns: ColumnIndexes;
}

export interface Verdict {
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

export function judgeRecord(record: RawRecord, context: RecordContext): Verdict | undefined {
  if (isBlank(record.fields)) return undefined;
  const line = context.window.lines.lineAt(record.start);
  if (record.brokenQuote) return judgeBrokenQuote(record, record.brokenQuote, line, context);
  return judgeFields(record, line, context);
}

/** Keeps the first problems and counts the rest, so a broken million-row file stays small. */
export class ProblemLog {
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
      params: { more: dropped },
    };
    return [...this.kept, summary];
  }
}
