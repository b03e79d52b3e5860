import { useOfflineState } from '../offline.ts';

/** Whether this app works without a network here, and a button when a new version waits. */
export function OfflineBadge() {
  const state = useOfflineState();
  switch (state.kind) {
    case 'ready':
      return (
        <span
          className="badge ok-badge"
          data-testid="offline-status"
          title="Works with the network off"
        >
          Available offline
        </span>
      );
    case 'saving':
      return (
        <span className="badge" data-testid="offline-status">
          Saving for offline use…
        </span>
      );
    case 'update':
      return (
        <button type="button" data-testid="offline-status" onClick={state.apply}>
          Update available: reload
        </button>
      );
    case 'failed':
      return (
        <span className="badge warn" data-testid="offline-status" title={state.message}>
          Offline copy failed
        </span>
      );
    case 'unavailable':
      return (
        <span className="badge" data-testid="offline-status" title={state.reason}>
          Online only ({state.reason})
        </span>
      );
  }
}
