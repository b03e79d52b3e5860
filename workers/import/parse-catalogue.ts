/**
 * The import's entry: finds the format of a file from its content, opens it with that format's
 * reader, recognises the layout from its headers, and runs its records through the same steps
 * for the preview, the import job and the command-line check: the layout puts products
 * together, a lookup sheet renames category codes, the row checks keep or skip each product.
 * The concerns live apart: `columns.ts` (which column holds what), `csv-records.ts` (records of
 * delimited text), `row-checks.ts` (what becomes of each record), `text-stream.ts` (bytes to
 * text), `formats/` (one reader per format, one layout per platform).
 */
import { appError, throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import { isLabelled } from '@shared/labels.ts';
import type {
  ColumnMapping,
  FormatInfo,
  ImportProgress,
  ReadOptions,
} from '@shared/contracts/import.ts';
import { checkDistinctColumns, detectColumns, resolveColumns } from './columns.ts';
import { binaryKind, looksBinary } from './file-kind.ts';
import { utf16WithoutMark } from './text-stream.ts';
import { ProblemLog, ProductChecks, type CatalogueRow, type RowProblem } from './row-checks.ts';
import { taxonomyLabels, type TaxonomyLabels } from './taxonomy-labels.ts';
import type {
  CatalogueFormat,
  CataloguePreview,
  OpenedSource,
  OpenOptions,
  ParseInput,
  ParseResult,
  TaxonomyLoader,
} from './formats/catalogue-format.ts';
import { delimitedText } from './formats/delimited-text.ts';
import { spreadsheet } from './formats/spreadsheet.ts';
import { merchantXml } from './formats/merchant-xml.ts';
import { jsonRecords } from './formats/json-records.ts';
import { genericLayout, type Layout } from './formats/layout.ts';
import { shopify } from './formats/shopify.ts';
import { woocommerce } from './formats/woocommerce.ts';
import { merchantCenter } from './formats/merchant-center.ts';

export type { CatalogueRow, CataloguePreview, ParseInput, ParseResult, TaxonomyLoader };
export { detectColumns } from './columns.ts';

const BINARY_ADVICE =
  'Shelfwise reads CSV, TSV and other delimited text, Excel (XLSX, XLS) and OpenDocument (ODS) spreadsheets, Merchant Center XML feeds and JSON.';

/** Refuses what is neither text nor a spreadsheet, before any reader turns it into junk rows. */
const binaryFile: CatalogueFormat = {
  name: 'binary',
  detect: ({ bytes }) =>
    binaryKind(bytes) !== undefined ||
    (utf16WithoutMark(bytes) === undefined &&
      !(bytes[0] === 0xff && bytes[1] === 0xfe) &&
      !(bytes[0] === 0xfe && bytes[1] === 0xff) &&
      looksBinary(bytes)),
  async open(file) {
    const kind = binaryKind(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
    throw appError(
      'InvalidInput',
      `This is not a text or spreadsheet file${kind ? ` (it looks like ${kind})` : ''}. ${BINARY_ADVICE}`,
    );
  },
};

/** Asked in order; delimited text, which reads any text, comes last. */
const FORMATS: readonly CatalogueFormat[] = [
  spreadsheet,
  binaryFile,
  merchantXml,
  jsonRecords,
  delimitedText,
];
/** Platform layouts, asked in order; the generic one takes the rest. */
const LAYOUTS: readonly Layout[] = [shopify, woocommerce, merchantCenter];

const HEAD_BYTES = 64 * 1024;
const DEFAULT_CHUNK_ROWS = 1000;
const SAMPLE_ROWS = 20;
/** Records the preview reads: enough to count products and see which label columns are filled. */
export const PREVIEW_RECORDS = 2000;

/** The format that reads `file`, judged from its first bytes. */
export async function formatOf(file: Blob): Promise<CatalogueFormat> {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const fileName = file instanceof File ? file.name : '';
  return FORMATS.find((format) => format.detect({ bytes, fileName })) ?? delimitedText;
}

const CONTAINER_NAMES: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  psv: 'pipe-separated text',
  xlsx: 'Excel XLSX',
  xls: 'Excel 97–2003 XLS',
  ods: 'OpenDocument ODS',
  rss: 'RSS 2.0 XML',
  atom: 'Atom XML',
  json: 'JSON',
  jsonl: 'JSON Lines',
};

function formatInfo(source: OpenedSource, layout: Layout): FormatInfo {
  let container = CONTAINER_NAMES[source.formatId] ?? source.formatId.toUpperCase();
  if (source.delimiter === ';') container = 'CSV with semicolons';
  const xml = source.kind === 'xml';
  return {
    id: layout.id === 'generic' ? source.formatId : `${layout.id}-${xml ? 'xml' : source.formatId}`,
    layout: layout.id,
    kind: source.kind,
    name: layout.id === 'generic' ? container : `${layout.name} (${container})`,
  };
}

interface OpenedCatalogue {
  source: OpenedSource;
  layout: Layout;
  format: FormatInfo;
}

async function openCatalogue(file: Blob, options: OpenOptions): Promise<OpenedCatalogue> {
  const source = await (await formatOf(file)).open(file, options);
  const layout =
    LAYOUTS.find((candidate) => candidate.matches(source.headers, source.kind)) ?? genericLayout;
  return { source, layout, format: formatInfo(source, layout) };
}

/** The layout's columns, with any role it leaves out detected by header name. */
function defaultMapping(layout: Layout, headers: readonly string[]): ColumnMapping {
  const detected = detectColumns(headers);
  const mapping: ColumnMapping = { ...detected };
  for (const [role, header] of Object.entries(layout.mapping(headers))) {
    if (header !== undefined) mapping[role as keyof ColumnMapping] = header;
  }
  if (mapping.category && mapping.category === mapping.title) delete mapping.category;
  return mapping;
}

interface RunOptions {
  signal?: AbortSignal;
  mapping: ColumnMapping;
  loadTaxonomy?: TaxonomyLoader;
  chunkRows?: number;
  /** Stop after this many records (the preview, which also runs before a title is chosen). */
  maxRecords?: number;
  onRows?: (rows: CatalogueRow[]) => Promise<void>;
  onProgress?: (bytes: number, rows: number, problems: number, force?: boolean) => void;
}

interface RunResult {
  rowCount: number;
  sourceRows: number;
  labelledCount: number;
  problems: ProblemLog;
  complete: boolean;
  sample: string[][];
  /** Non-empty values per header index over the records read. */
  filled: number[];
  taxonomy: TaxonomyLabels | undefined;
  categories: Set<string>;
}

async function loadLabelTaxonomy(
  layout: Layout,
  mapping: ColumnMapping,
  load: TaxonomyLoader | undefined,
  problems: ProblemLog,
): Promise<TaxonomyLabels | undefined> {
  const id = layout.labelTaxonomy(mapping.category);
  if (!id) return undefined;
  try {
    if (!load) throw new Error('no taxonomy source');
    return await taxonomyLabels(id, load);
  } catch {
    problems.add({
      line: 0,
      field: 'category',
      code: 'NotInTaxonomy',
      message: `The bundled ${id} taxonomy could not be read, so the categories are kept as written.`,
      skipped: false,
    });
    return undefined;
  }
}

/** Renames category codes through the lookup sheet, reporting each code it lacks once. */
function lookupCategory(
  row: CatalogueRow,
  lookup: Map<string, string>,
  reported: Set<string>,
  problems: ProblemLog,
) {
  if (!row.category) return;
  const name = lookup.get(row.category);
  if (name !== undefined) {
    row.category = name;
    return;
  }
  if (reported.has(row.category) || reported.size >= 100) return;
  reported.add(row.category);
  problems.add({
    line: row.line,
    field: 'category',
    code: 'UnknownCategoryCode',
    message: `Line ${row.line}: the category code "${row.category}" is not in the lookup sheet; it is kept as the category.`,
    skipped: false,
  });
}

async function runRecords(opened: OpenedCatalogue, options: RunOptions): Promise<RunResult> {
  const { source, layout } = opened;
  const { signal, mapping } = options;
  const columns = resolveColumns(mapping, source.headers, options.maxRecords ? [] : undefined);
  const problems = new ProblemLog();
  source.fileProblems.forEach((problem) => problems.add(problem));
  const taxonomy = await loadLabelTaxonomy(layout, mapping, options.loadTaxonomy, problems);
  const checks = new ProductChecks(problems, columns.image >= 0);
  const assembler = layout.assembler({
    headers: source.headers,
    mapping,
    columns,
    problems,
    taxonomy,
  });
  const reader = source.records(problems, columns);
  const chunkRows = Math.max(1, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
  const sample: string[][] = [];
  const filled = source.headers.map(() => 0);
  const categories = new Set<string>();
  const reportedCodes = new Set<string>();
  const pending: CatalogueRow[] = [];
  let rowCount = 0;
  let sourceRows = 0;
  let labelledCount = 0;
  let complete = true;

  const keep = (assembled: ReturnType<typeof assembler.add>) => {
    for (const { row, fieldCount } of assembled) {
      if (source.lookup) lookupCategory(row, source.lookup, reportedCodes, problems);
      const kept = checks.check(row, fieldCount);
      if (!kept) continue;
      pending.push(kept);
      rowCount += 1;
      if (isLabelled(kept.category)) {
        labelledCount += 1;
        categories.add(kept.category);
      }
    }
  };
  const deliver = async (all: boolean) => {
    while (pending.length >= chunkRows || (all && pending.length > 0)) {
      const chunk = pending.splice(0, chunkRows);
      await options.onRows?.(chunk);
      throwIfAborted(signal);
    }
  };

  for (;;) {
    throwIfAborted(signal);
    const records = await reader.next();
    if (!records) break;
    for (const record of records) {
      sourceRows += 1;
      if (sample.length < SAMPLE_ROWS) sample.push(record.fields);
      record.fields.forEach((field, index) => {
        if (field.trim()) filled[index] = (filled[index] ?? 0) + 1;
      });
      keep(assembler.add(record));
      if (options.maxRecords !== undefined && sourceRows >= options.maxRecords) break;
    }
    await deliver(false);
    options.onProgress?.(reader.bytesParsed(), rowCount, problems.total);
    if (options.maxRecords !== undefined && sourceRows >= options.maxRecords) {
      complete = (await reader.next()) === null;
      break;
    }
  }
  keep(assembler.finish());
  checks.finish();
  await deliver(true);
  if (sourceRows === 0)
    throw appError('EmptyDataset', 'The file has a header row but no data rows.');
  return {
    rowCount,
    sourceRows,
    labelledCount,
    problems,
    complete,
    sample,
    filled,
    taxonomy,
    categories,
  };
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

/** In words: 'Shopify product export (CSV): 3 products in 7 rows; category from Product Category'. */
export function describeImport(
  format: FormatInfo,
  counts: { rows: number; products: number; labelled: number; complete: boolean },
  categoryColumn: string | undefined,
): string {
  const scope = counts.complete ? '' : ` (in the first ${plural(counts.rows, 'row')})`;
  // Rows differ from products only where a layout groups them; elsewhere the gap is skipped rows.
  const products =
    counts.products === counts.rows || format.layout === 'generic'
      ? plural(counts.products, 'product')
      : `${plural(counts.products, 'product')} in ${plural(counts.rows, 'row')}`;
  const category = categoryColumn ? `category from ${categoryColumn}` : 'no category column';
  const unlabelled = counts.products - counts.labelled;
  const rest =
    unlabelled > 0 && categoryColumn
      ? `; ${unlabelled.toLocaleString('en')} without one (imported unlabelled)`
      : '';
  return `${format.name}: ${products}${scope}; ${category}${rest}`;
}

/** Share of a sheet's category values another sheet must list for it to be read as their lookup. */
const LOOKUP_COVERAGE = 0.8;

/**
 * A workbook whose category column holds codes that another sheet lists (code, name): that
 * sheet is joined as the lookup, unless the owner chose a lookup or none ('').
 */
async function suggestLookup(
  file: Blob,
  options: OpenOptions,
  opened: OpenedCatalogue,
  run: RunResult,
  mapping: ColumnMapping,
  loadTaxonomy: TaxonomyLoader | undefined,
) {
  const { source } = opened;
  if (source.kind !== 'spreadsheet' || options.lookupSheet !== undefined) return undefined;
  if (!mapping.category || run.categories.size === 0) return undefined;
  for (const sheet of source.sheets.filter((name) => name !== source.sheet)) {
    const candidate = await openCatalogue(file, { ...options, lookupSheet: sheet }).catch(
      () => undefined,
    );
    const lookup = candidate?.source.lookup;
    if (!candidate || !lookup) continue;
    const found = [...run.categories].filter((code) => lookup.has(code)).length;
    if (found / run.categories.size < LOOKUP_COVERAGE) continue;
    const joined = await runRecords(candidate, {
      mapping,
      loadTaxonomy,
      maxRecords: PREVIEW_RECORDS,
    });
    return { opened: candidate, run: joined };
  }
  return undefined;
}

/**
 * Opens the file and reads its first records: the format in words, the headers, the columns
 * to preselect (for a shop export, the first label column that has values), a sample, counts.
 * @throws InvalidInput for a file that is not a catalogue (naming what it is), EmptyDataset
 */
export async function previewCatalogue(
  file: Blob,
  options: ReadOptions = {},
  loadTaxonomy?: TaxonomyLoader,
): Promise<CataloguePreview> {
  const readOptions = { ...options, previewRows: PREVIEW_RECORDS };
  let opened = await openCatalogue(file, readOptions);
  const headers = opened.source.headers;
  const candidates = opened.layout.labelCandidates(headers);
  let mapping = defaultMapping(opened.layout, headers);
  let run = await runRecords(opened, { mapping, loadTaxonomy, maxRecords: PREVIEW_RECORDS });
  const isFilled = (header: string | undefined) =>
    header !== undefined && (run.filled[headers.indexOf(header)] ?? 0) > 0;
  const better = candidates.find(isFilled);
  if (!isFilled(mapping.category) && better && better !== mapping.title) {
    mapping = { ...mapping, category: better };
    opened = await openCatalogue(file, readOptions);
    run = await runRecords(opened, { mapping, loadTaxonomy, maxRecords: PREVIEW_RECORDS });
  }
  const lookedUp = await suggestLookup(file, readOptions, opened, run, mapping, loadTaxonomy);
  if (lookedUp) ({ opened, run } = lookedUp);
  const counts = {
    rows: run.sourceRows,
    products: run.rowCount,
    labelled: run.labelledCount,
    complete: run.complete,
  };
  const { source } = opened;
  return {
    format: opened.format,
    headers,
    delimiter: source.delimiter,
    mapping,
    labelCandidates: candidates.length ? candidates : mapping.category ? [mapping.category] : [],
    sample: run.sample,
    encoding: source.encoding,
    encodingCandidates: source.encodingCandidates,
    sampleLine: source.sampleLine,
    sheets: source.sheets,
    sheet: source.sheet,
    options: source.options,
    counts,
    summary: describeImport(opened.format, counts, mapping.category),
    problems: run.problems.list().slice(0, 200),
  };
}

/** A progress reporter that speaks about ten times a second, with the time left. */
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

/** What the import stores about the file besides its rows. */
export interface ParsedCatalogue extends ParseResult {
  format: FormatInfo;
  options: ReadOptions;
}

/**
 * Streams the file's products to `onRows` chunk by chunk (awaiting each); every row left out
 * has a problem entry naming its line and field.
 * @throws EmptyDataset when the file is empty or has only a header; InvalidInput ('Missing column
 *   ...') when the mapping lacks the title, names a header the file does not have, or uses one
 *   column for the title and the category; InvalidInput for a file that is not a catalogue
 */
export async function parseCatalogue(
  signal: AbortSignal | undefined,
  input: ParseInput,
  onProgress: (progress: ImportProgress) => void,
  onRows: (rows: CatalogueRow[]) => Promise<void>,
): Promise<ParsedCatalogue> {
  throwIfAborted(signal);
  checkDistinctColumns(input.mapping);
  const opened = await openCatalogue(input.file, {
    ...input.options,
    sliceBytes: input.sliceBytes,
    windowChars: input.windowChars,
  });
  throwIfAborted(signal);
  const report = progressReporter(input.file, onProgress);
  const run = await runRecords(opened, {
    signal,
    mapping: input.mapping,
    loadTaxonomy: input.loadTaxonomy,
    chunkRows: input.chunkRows,
    onRows,
    onProgress: report,
  });
  report(input.file.size, run.rowCount, run.problems.total, true);
  const taxonomyNodes = new Map<string, string | null>();
  if (run.taxonomy)
    for (const category of [...run.categories].sort())
      taxonomyNodes.set(category, run.taxonomy.resolve(category)?.nodeId ?? null);
  return {
    rowCount: run.rowCount,
    sourceRows: run.sourceRows,
    labelledCount: run.labelledCount,
    problems: run.problems.list() as RowProblem[],
    skippedRows: run.problems.skippedRows,
    headers: opened.source.headers,
    encoding: opened.source.encoding,
    labelTaxonomy: run.taxonomy
      ? { id: run.taxonomy.id, version: run.taxonomy.taxonomy.info.version }
      : null,
    taxonomyNodes,
    format: opened.format,
    options: opened.source.options,
  };
}
