import { useSyncExternalStore } from 'react';

/** One request the page or one of its workers made since the page loaded. */
export interface LoggedRequest {
  url: string;
  /** 'page', or the worker's kind ('import', 'train', …). */
  source: string;
  offOrigin: boolean;
}

export interface RequestLog {
  requests: readonly LoggedRequest[];
  sameOrigin: number;
  offOrigin: number;
  /** Loads the Content-Security-Policy refused (each would have left the origin). */
  blocked: readonly string[];
}

const KEPT_REQUESTS = 500;
const SAME_ATTEMPT_MS = 20;
let log: RequestLog = { requests: [], sameOrigin: 0, offOrigin: 0, blocked: [] };
const listeners = new Set<() => void>();

function publish(next: RequestLog): void {
  log = next;
  for (const listener of listeners) listener();
}

/** data: and blob: URLs never touch a network; everything else counts. */
function isNetworkUrl(url: string): boolean {
  return !url.startsWith('data:') && !url.startsWith('blob:');
}

export function recordRequests(urls: readonly string[], source: string): void {
  const added = urls
    .filter(isNetworkUrl)
    .map((url) => ({ url, source, offOrigin: new URL(url).origin !== window.location.origin }));
  if (added.length === 0) return;
  const offOrigin = added.filter((request) => request.offOrigin).length;
  publish({
    ...log,
    requests: [...log.requests, ...added].slice(-KEPT_REQUESTS),
    sameOrigin: log.sameOrigin + added.length - offOrigin,
    offOrigin: log.offOrigin + offOrigin,
  });
}

/** Starts counting the page's own requests, the page itself and those made before this ran included. */
export function watchPageRequests(): void {
  // The default buffer of 250 entries would drop requests before the observer sees them.
  performance.setResourceTimingBufferSize(10_000);
  recordRequests(
    performance.getEntriesByType('navigation').map((entry) => entry.name),
    'page',
  );
  new PerformanceObserver((list) =>
    recordRequests(
      list.getEntries().map((entry) => entry.name),
      'page',
    ),
  ).observe({ type: 'resource', buffered: true });
  // The policy is in the page and, on hosts that send it, in a header too: both report the
  // same refusal at once, which is one attempt.
  let last = { uri: '', at: -Infinity };
  document.addEventListener('securitypolicyviolation', (event) => {
    const repeated = event.blockedURI === last.uri && event.timeStamp - last.at < SAME_ATTEMPT_MS;
    last = { uri: event.blockedURI, at: event.timeStamp };
    if (!repeated) publish({ ...log, blocked: [...log.blocked, event.blockedURI] });
  });
}

export function useRequestLog(): RequestLog {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => log,
  );
}
