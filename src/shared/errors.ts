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
  return error instanceof Error && isQuotaCode(error.name);
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

/** What to do about an error of each kind, shown under its message; the message says what happened. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  BackendUnavailable: 'Pick another compute backend in the header.',
  EmptyDataset: 'Check that the file has a header row and at least one product.',
  MissingFile: 'Pick model.json together with every .bin file it lists, or pick its folder.',
  OutOfMemory: 'Try a smaller batch size, or close other tabs; the last checkpoint is kept.',
  TensorLeak: 'The last checkpoint is kept: resume the run from the Train panel.',
};

/** The advice for an error code (comlink keeps only `name`), if there is any. */
export function errorHint(code: string): string | undefined {
  return HINTS[code as ErrorCode];
}

/** 'QuotaExceeded' from our own jobs, 'QuotaExceededError' straight from IndexedDB. */
export const isQuotaCode = (code: string): boolean =>
  code === 'QuotaExceeded' || code === 'QuotaExceededError';
