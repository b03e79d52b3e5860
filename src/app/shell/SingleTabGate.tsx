import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTabOwnership } from '../single-tab.ts';

interface SingleTabGateProps {
  databaseName: string;
  children: ReactNode;
}

/** Mounts the app only in the tab that holds the database; other tabs explain and offer to switch. */
export function SingleTabGate({ databaseName, children }: SingleTabGateProps) {
  const { t } = useTranslation();
  const { role, takeOver } = useTabOwnership(databaseName);
  if (role === 'owner' || role === 'unsupported') return children;
  if (role === 'checking') return null;
  const takenOver = role === 'taken-over';
  return (
    <div className="app">
      <section className="card tab-gate" role="alert" data-testid="tab-gate">
        <h1 translate="no">Shelfwise</h1>
        {takenOver ? (
          <p>
            <strong>{t('tabs.takenOver')}</strong> {t('tabs.takenOverBody')}
          </p>
        ) : (
          <p>
            <strong>{t('tabs.elsewhere')}</strong> {t('tabs.elsewhereBody')}
          </p>
        )}
        <button type="button" className="primary" onClick={takeOver}>
          {takenOver ? t('tabs.useAgain') : t('tabs.useHere')}
        </button>
        <p className="muted">{t('tabs.otherStops')}</p>
      </section>
    </div>
  );
}
