import { useTranslation } from 'react-i18next';
import { count } from '../../common/format.ts';
import { useRequestLog, type LoggedRequest } from '../request-log.ts';

const SHOWN_REQUESTS = 100;

function shortUrl(request: LoggedRequest): string {
  const url = new URL(request.url);
  return request.offOrigin ? url.href : `${url.pathname}${url.search}`;
}

function countBySource(requests: readonly LoggedRequest[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.source, (counts.get(request.source) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * Every request the page and its workers made since it loaded, split by origin: the proof
 * that the catalogue stays here. Requests served from the offline copy count too.
 */
export function PrivacyIndicator() {
  const { t } = useTranslation();
  const log = useRequestLog();
  const clean = log.offOrigin === 0 && log.blocked.length === 0;
  return (
    <details className={`privacy ${clean ? 'clean' : 'leak'}`} data-testid="privacy-indicator">
      <summary>
        <span data-testid="off-origin-count">
          {t('privacy.offOrigin', { n: count(log.offOrigin) })}
        </span>
        {' · '}
        <span data-testid="same-origin-count">
          {t('privacy.sameOrigin', { n: count(log.sameOrigin) })}
        </span>
      </summary>
      <div className="privacy-details">
        <p>
          {t('privacy.explain')}{' '}
          {log.blocked.length > 0 ? (
            <>
              {t('privacy.blocked', { n: count(log.blocked.length) })}{' '}
              <span translate="no">{log.blocked.join(', ')}</span>
            </>
          ) : (
            t('privacy.blockedNone')
          )}
        </p>
        <p className="muted">
          {t('privacy.bySource')}{' '}
          <span translate="no">
            {countBySource(log.requests)
              .map(([source, n]) => `${source} ${count(n)}`)
              .join(', ')}
          </span>
        </p>
        <ol className="request-list" aria-label={t('privacy.list')} translate="no">
          {log.requests.slice(-SHOWN_REQUESTS).map((request, index) => (
            <li key={index} className={request.offOrigin ? 'off-origin' : ''}>
              <span className="muted">{request.source}</span> {shortUrl(request)}
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
