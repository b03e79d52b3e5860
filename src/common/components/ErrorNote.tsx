import { errorHint, isQuotaCode } from '@shared/errors.ts';
import { QuotaAdvice } from './QuotaAdvice.tsx';

interface ErrorNoteProps {
  code: string;
  message: string;
}

export function ErrorNote({ code, message }: ErrorNoteProps) {
  const hint = errorHint(code);
  return (
    <div className="error" role="alert">
      <strong>{message}</strong>
      {isQuotaCode(code) ? <QuotaAdvice /> : hint && <p>{hint}</p>}
    </div>
  );
}
