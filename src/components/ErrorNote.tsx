import { QuotaAdvice } from './QuotaAdvice.tsx';

interface ErrorNoteProps {
  code: string;
  message: string;
}

const HINTS: Record<string, string> = {
  BackendUnavailable: 'Pick another compute backend in the header.',
  EmptyDataset: 'Check that the file has a header row and at least one product.',
  MissingFile: 'Pick model.json together with every .bin file it lists, or pick its folder.',
  OutOfMemory: 'Try a smaller batch size, or close other tabs; the last checkpoint is kept.',
  TensorLeak: 'The last checkpoint is kept: resume the run from the Train panel.',
};

/** 'QuotaExceeded' from our own jobs, 'QuotaExceededError' straight from IndexedDB. */
const QUOTA_CODES = new Set(['QuotaExceeded', 'QuotaExceededError']);

export function ErrorNote({ code, message }: ErrorNoteProps) {
  return (
    <div className="error" role="alert">
      <strong>{message}</strong>
      {QUOTA_CODES.has(code) ? <QuotaAdvice /> : HINTS[code] && <p>{HINTS[code]}</p>}
    </div>
  );
}
