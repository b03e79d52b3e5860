/**
 * The workers speak English: their errors carry a code (in `name`) and an English sentence,
 * import problems a code, a line, a field and parameters. In English the page shows their
 * sentence as it is; in another language it says the same from the code.
 */
import type { TFunction } from 'i18next';
import type { FormatInfo, ImportPreview } from '@shared/contracts/import.ts';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';
import { count } from '../common/format.ts';
import type { Failure } from '../common/failure.ts';
import { currentLanguage } from './i18n.ts';
import { slot } from './slot.ts';

const ERROR_CODES = [
  'InvalidInput',
  'EmptyDataset',
  'NotFound',
  'QuotaExceeded',
  'BackendUnavailable',
  'AbortError',
  'Busy',
  'InvalidModel',
  'MissingFile',
  'NotSupported',
  'BackendLost',
  'OutOfMemory',
  'TensorLeak',
  'Unknown',
] as const;
type KnownError = (typeof ERROR_CODES)[number];

function errorCode(code: string): KnownError {
  if (code === 'QuotaExceededError') return 'QuotaExceeded';
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as KnownError) : 'Unknown';
}

export interface FailureText {
  /** What happened. */
  title: string;
  /** What to do about it; empty when the title says it. */
  hint: string;
  /** The worker's own words, when the title is said from the code instead. */
  detail: string | null;
}

export function failureText(failure: Failure, t: TFunction): FailureText {
  const code = errorCode(failure.code);
  const hint = t(`errors.hint.${code}`);
  if (currentLanguage() === 'en')
    return { title: failure.message || t(`errors.title.${code}`), hint, detail: null };
  return { title: t(`errors.title.${code}`), hint, detail: failure.message || null };
}

const PROBLEM_CODES = [
  'UnbalancedQuotes',
  'MissingCategory',
  'EmptyTitle',
  'WrongFieldCount',
  'NotUtf8',
  'ByteOrderMark',
  'MissingImage',
  'UnsupportedImage',
  'TooLarge',
  'EmptyImage',
  'CorruptImage',
  'NoInput',
  'NotInTaxonomy',
  'InvalidRecord',
  'UnknownCategoryCode',
  'RowsApart',
  'NotActive',
  'DuplicateHeader',
  'Unknown',
] as const;
/** Notes about the whole file (line 0), said with a count instead of a line. */
const FILE_NOTES = ['MissingCategory', 'NotInTaxonomy', 'NotActive', 'DuplicateHeader'] as const;
type FileNote = (typeof FILE_NOTES)[number];
const isFileNote = (code: string): code is FileNote =>
  (FILE_NOTES as readonly string[]).includes(code);
type KnownProblem = (typeof PROBLEM_CODES)[number];
const FIELDS = ['id', 'title', 'description', 'category', 'image', 'row', 'file'] as const;
type KnownField = (typeof FIELDS)[number];

/** One line of the bad-row report, in the interface's language. */
export function problemText(problem: ImportProblem, t: TFunction): string {
  if (currentLanguage() === 'en') return problem.message;
  const more = problem.params?.more;
  if (typeof more === 'number') return t('problems.more', { count: more });
  const code = (PROBLEM_CODES as readonly string[]).includes(problem.code)
    ? (problem.code as KnownProblem)
    : 'Unknown';
  const field = (FIELDS as readonly string[]).includes(problem.field)
    ? (problem.field as KnownField)
    : 'row';
  const key =
    problem.line === 0 && isFileNote(code)
      ? (`problems.${code}_file` as const)
      : (`problems.${code}_${problem.skipped ? 'skipped' : 'kept'}` as const);
  return t(key, {
    count: Number(problem.params?.count ?? 0),
    line: problem.line,
    field: t(`fields.${field}`),
    path: String(problem.params?.path ?? ''),
  });
}

const CONTAINERS = [
  'csv',
  'tsv',
  'psv',
  'semicolon',
  'xlsx',
  'xls',
  'ods',
  'rss',
  'atom',
  'xml',
  'json',
  'jsonl',
] as const;
type Container = (typeof CONTAINERS)[number];

/** 'Shopify product export (CSV)': the platform's layout, if any, and the kind of file. */
export function formatName(format: FormatInfo, delimiter: string | null, t: TFunction): string {
  const id = format.layout === 'generic' ? format.id : format.id.slice(format.layout.length + 1);
  const key = delimiter === ';' ? 'semicolon' : id;
  const container = (CONTAINERS as readonly string[]).includes(key)
    ? t(`import.summary.container.${key as Container}`)
    : format.name;
  if (format.layout === 'generic') return container;
  return t('import.summary.withLayout', {
    layout: t(`import.summary.layout.${format.layout}`),
    container,
  });
}

/**
 * What the preview found, in one sentence: 'Shopify product export (CSV): 32 products in 50
 * rows; category from Product Category'. The worker's English sentence in English, the same
 * said from its parts in another language, with the category column's name as the slot
 * `column` (the owner's data, for `rich`).
 */
export function importSummaryText(preview: ImportPreview, t: TFunction): string {
  if (currentLanguage() === 'en') return preview.summary;
  const { counts, format } = preview;
  const products = t('import.summary.products', {
    count: counts.products,
    n: count(counts.products),
  });
  const rows = t('import.summary.rows', { count: counts.rows, n: count(counts.rows) });
  const grouped = counts.products !== counts.rows && format.layout !== 'generic';
  const column = preview.mapping.category;
  const unlabelled = counts.products - counts.labelled;
  return t('import.summary.line', {
    format: formatName(format, preview.delimiter, t),
    products: grouped ? t('import.summary.inRows', { products, rows }) : products,
    scope: counts.complete ? '' : t('import.summary.scope', { rows }),
    category: column
      ? t('import.summary.category', { column: slot('column') })
      : t('import.summary.noCategory'),
    rest: unlabelled > 0 && column ? t('import.summary.unlabelled', { n: count(unlabelled) }) : '',
  });
}
