import { useTranslation } from 'react-i18next';
import { useOfflineState } from '../offline.ts';

/** Whether this app works without a network here, and a button when a new version waits. */
export function OfflineBadge() {
  const { t } = useTranslation();
  const state = useOfflineState();
  switch (state.kind) {
    case 'ready':
      return (
        <span
          className="badge ok-badge"
          data-testid="offline-status"
          title={t('offline.readyHelp')}
        >
          {t('offline.ready')}
        </span>
      );
    case 'saving':
      return (
        <span className="badge" data-testid="offline-status">
          {t('offline.saving')}
        </span>
      );
    case 'update':
      return (
        <button type="button" data-testid="offline-status" onClick={state.apply}>
          {t('offline.update')}
        </button>
      );
    case 'failed':
      return (
        <span className="badge warn" data-testid="offline-status" title={state.message}>
          {t('offline.failed')}
        </span>
      );
    case 'unavailable':
      return (
        <span className="badge" data-testid="offline-status">
          {t('offline.unavailable')}
        </span>
      );
  }
}
