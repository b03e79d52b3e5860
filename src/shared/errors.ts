/** Error kinds travel in `name`: comlink keeps only name and message across the worker boundary. */
export type ErrorCode =
  | 'InvalidInput'
  | 'EmptyDataset'
  | 'NotFound'
  | 'QuotaExceeded'
  | 'BackendUnavailable'
  | 'AbortError'
  | 'Busy'
  | 'InvalidModel'
  | 'MissingFile'
  | 'NotSupported'
  | 'BackendLost'
  | 'OutOfMemory'
  | 'TensorLeak';

export function appError(code: ErrorCode, message: string): Error {
  const error = new Error(message);
  error.name = code;
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw appError('AbortError', 'The job was cancelled');
}

export function isQuotaError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'QuotaExceededError' || error.name === 'QuotaExceeded')
  );
}

/**
 * For a storage write's `.catch`: a full disk becomes QuotaExceeded with `message` (which
 * says what was kept); any other error passes through unchanged.
 */
export function rethrowQuota(message: string): (error: unknown) => never {
  return (error) => {
    if (isQuotaError(error)) throw appError('QuotaExceeded', message);
    throw error;
  };
}

const USER_MESSAGES: Record<ErrorCode, string> = {
  InvalidInput: 'The input is not valid',
  EmptyDataset: 'The dataset has no usable rows',
  NotFound: 'It no longer exists',
  QuotaExceeded:
    'The browser storage for this site is full. Delete an old dataset or model and try again; nothing saved so far was lost.',
  BackendUnavailable: 'That compute backend is not available in this browser',
  AbortError: 'Cancelled',
  Busy: 'Another job is running',
  InvalidModel: 'These files are not a model Shelfwise can use',
  MissingFile: 'A file is missing',
  NotSupported: 'Not supported yet',
  BackendLost: 'The compute backend stopped working',
  OutOfMemory: 'The compute backend ran out of memory',
  TensorLeak: 'Training stopped because it kept memory it should have freed',
};

/** A sentence for people: the code's explanation plus the specific detail. */
export function toUserMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isQuotaError(error)) return USER_MESSAGES.QuotaExceeded;
  const known = USER_MESSAGES[error.name as ErrorCode] as string | undefined;
  return known && error.message
    ? `${known}: ${error.message}`
    : error.message || known || 'Unknown error';
}
