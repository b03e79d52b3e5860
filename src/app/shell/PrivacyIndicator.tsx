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
  const log = useRequestLog();
  const clean = log.offOrigin === 0 && log.blocked.length === 0;
  return (
    <details className={`privacy ${clean ? 'clean' : 'leak'}`} data-testid="privacy-indicator">
      <summary>
        <span data-testid="off-origin-count">{log.offOrigin} off-origin</span>
        {' · '}
        <span data-testid="same-origin-count">{log.sameOrigin} same-origin</span> requests since
        load
      </summary>
      <div className="privacy-details">
        <p>
          Counted from the browser’s own timing records of this page and of each of its workers. The
          Content-Security-Policy forbids connections to any other origin
          {log.blocked.length > 0
            ? `; it blocked ${log.blocked.length}: ${log.blocked.join(', ')}`
            : '; it has blocked none'}
          .
        </p>
        <p className="muted">
          By source:{' '}
          {countBySource(log.requests)
            .map(([source, count]) => `${source} ${count}`)
            .join(', ')}
        </p>
        <ol className="request-list" aria-label="Requests since load">
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
