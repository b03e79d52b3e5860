/**
 * The workers speak English: their errors carry a code (in `name`) and an English sentence,
 * import problems a code, a line, a field and parameters. In English the page shows their
 * sentence as it is; in another language it says the same from the code.
 */
import type { TFunction } from 'i18next';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';
import type { Failure } from '../common/failure.ts';
import { currentLanguage } from './i18n.ts';

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
  'Unknown',
] as const;
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
  return t(`problems.${code}_${problem.skipped ? 'skipped' : 'kept'}`, {
    line: problem.line,
    field: t(`fields.${field}`),
    path: String(problem.params?.path ?? ''),
  });
}
