import { useTranslation } from 'react-i18next';
import { isQuotaCode } from '@shared/errors.ts';
import { failureText } from '../../i18n/messages.ts';
import { QuotaAdvice } from './QuotaAdvice.tsx';

interface ErrorNoteProps {
  code: string;
  message: string;
}

/** An error as a banner: what happened, what to do, and the worker's own words on request. */
export function ErrorNote({ code, message }: ErrorNoteProps) {
  const { t } = useTranslation();
  const { title, hint, detail } = failureText({ code, message }, t);
  return (
    <div className="banner banner-error" role="alert" data-testid="error">
      <div className="banner-text">
        <strong className="banner-title">{title}</strong>
        {isQuotaCode(code) ? <QuotaAdvice /> : hint && <p>{hint}</p>}
        {detail && (
          <details className="error-detail">
            <summary>{t('errors.detail')}</summary>
            <p translate="no">{detail}</p>
          </details>
        )}
      </div>
    </div>
  );
}
