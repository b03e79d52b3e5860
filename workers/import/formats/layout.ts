/**
 * Layouts: what a file's records mean. A reader gives headers and records; the layout, judged
 * from the headers, says which columns to offer, how to turn records into products (grouping a
 * product's variant rows, reading category paths) and which standard taxonomy its categories
 * follow. The generic layout is one record, one product.
 */
import type { CatalogueLayout, ColumnMapping, SourceKind } from '@shared/contracts/import.ts';
import { detectColumns, headerKey, type ColumnIndexes } from '../columns.ts';
import { toCatalogueRow, type CatalogueRow, type ProblemLog } from '../row-checks.ts';
import type { TaxonomyLabels } from '../taxonomy-labels.ts';
import type { SourceRecord } from './catalogue-format.ts';

/** A product put together, and the record it started with (for the row checks' wording). */
export interface Assembled {
  row: CatalogueRow;
  fieldCount?: SourceRecord['shortOf'];
}

export interface Assembler {
  /** Products this record completes (none while a product's rows may still follow). */
  add(record: SourceRecord): Assembled[];
  /** The products still open at the end of the file. */
  finish(): Assembled[];
}

export interface LayoutContext {
  headers: readonly string[];
  mapping: ColumnMapping;
  columns: ColumnIndexes;
  problems: ProblemLog;
  /** The taxonomy the category column is read against, when it has one and it loaded. */
  taxonomy?: TaxonomyLabels;
}

export interface Layout {
  id: CatalogueLayout;
  /** In words: 'Shopify product export'. */
  name: string;
  /** Whether the headers are this layout's. */
  matches(headers: readonly string[], kind: SourceKind): boolean;
  /** The columns to preselect. */
  mapping(headers: readonly string[]): ColumnMapping;
  /** Columns that may hold the category, best first. */
  labelCandidates(headers: readonly string[]): string[];
  /** The bundled taxonomy the chosen category column follows, if any. */
  labelTaxonomy(categoryHeader: string | undefined): string | null;
  assembler(context: LayoutContext): Assembler;
}

/** The header among `headers` that matches a name, ignoring case, spaces and a `g:` prefix. */
export function findHeader(headers: readonly string[], ...names: string[]): string | undefined {
  const keys = headers.map((header) => headerKey(header.replace(/^g:/i, '')));
  for (const name of names) {
    const at = keys.indexOf(headerKey(name));
    if (at >= 0) return headers[at];
  }
  return undefined;
}

export function hasHeaders(headers: readonly string[], ...names: string[]): boolean {
  return names.every((name) => findHeader(headers, name) !== undefined);
}

/** Reads fields of a record by header name. */
export class Fields {
  private readonly index = new Map<string, number>();
  constructor(readonly headers: readonly string[]) {}

  of(record: SourceRecord, ...names: string[]): string {
    for (const name of names) {
      let at = this.index.get(name);
      if (at === undefined) {
        const header = findHeader(this.headers, name);
        at = header === undefined ? -1 : this.headers.indexOf(header);
        this.index.set(name, at);
      }
      const value = at < 0 ? '' : (record.fields[at] ?? '').trim();
      if (value) return value;
    }
    return '';
  }
}

/**
 * Groups records into products by a key, in order of first appearance, holding at most `open`
 * products at a time: a product closes when `open` newer ones have started after it (with 1,
 * as soon as the next one starts: Shopify lists a product's rows together). A record of a
 * product already closed is reported, since its product has been stored.
 */
export class ProductGroups {
  private readonly groups = new Map<string, SourceRecord[]>();
  private readonly closed = new Set<string>();

  constructor(
    private readonly open: number,
    private readonly problems: ProblemLog,
    private readonly what: string,
  ) {}

  add(key: string, record: SourceRecord): SourceRecord[][] {
    const group = this.groups.get(key);
    if (group) {
      group.push(record);
      return [];
    }
    if (this.closed.has(key)) {
      this.problems.add({
        line: record.line,
        field: 'row',
        code: 'RowsApart',
        message: `Line ${record.line} belongs to ${this.what} "${key}", whose other rows came earlier with other products between; it was left out (list a product's rows together).`,
        skipped: true,
      });
      return [];
    }
    this.groups.set(key, [record]);
    const done: SourceRecord[][] = [];
    while (this.groups.size > this.open) {
      const [oldest, records] = this.groups.entries().next().value as [string, SourceRecord[]];
      this.groups.delete(oldest);
      this.closed.add(oldest);
      done.push(records);
    }
    return done;
  }

  finish(): SourceRecord[][] {
    const rest = [...this.groups.values()];
    this.groups.clear();
    return rest;
  }
}

export const genericLayout: Layout = {
  id: 'generic',
  name: '',
  matches: () => true,
  mapping: detectColumns,
  labelCandidates: (headers) => {
    const category = detectColumns(headers).category;
    return category ? [category] : [];
  },
  labelTaxonomy: () => null,
  assembler: ({ columns }) => ({
    add: (record) => [
      { row: toCatalogueRow(record.fields, record.line, columns), fieldCount: record.shortOf },
    ],
    finish: () => [],
  }),
};

/** Reads a category through the taxonomy, reporting each value it lacks once. */
export function taxonomyCategory(
  value: string,
  context: LayoutContext,
  line: number,
  reported: Set<string>,
): string {
  const { taxonomy } = context;
  if (!value || !taxonomy) return value;
  const match = taxonomy.resolve(value);
  if (match) return match.label;
  if (!reported.has(value) && reported.size < 100) {
    reported.add(value);
    context.problems.add({
      line,
      field: 'category',
      code: 'NotInTaxonomy',
      message: `Line ${line}: the category "${value}" is not in the bundled ${taxonomy.taxonomy.info.name} (${taxonomy.taxonomy.info.version}); it is kept as written.`,
      skipped: false,
    });
  }
  return value;
}

/** Counts products that are not live (drafts, archived) and says so once at the end. */
export class StatusNote {
  private count = 0;
  constructor(private readonly problems: ProblemLog) {}

  see(status: string | undefined): void {
    if (status && status !== 'active') this.count += 1;
  }

  finish(): void {
    if (this.count > 0)
      this.problems.add({
        line: 0,
        field: 'row',
        code: 'NotActive',
        message:
          this.count === 1
            ? '1 product is not active (a draft, archived or private); it is imported and marked as such.'
            : `${this.count.toLocaleString('en')} products are not active (drafts, archived or private); they are imported and marked as such.`,
        skipped: false,
        params: { count: this.count },
      });
  }
}
