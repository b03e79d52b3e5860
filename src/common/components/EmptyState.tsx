import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useScreenHref, type Screen } from '../../app/routes.ts';

interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  /** The screen where the missing thing is made. */
  go?: Screen;
}

/** What a screen shows when there is nothing for it yet, and what to do about it. */
export function EmptyState({ title, children, go }: EmptyStateProps) {
  const { t } = useTranslation();
  const href = useScreenHref();
  return (
    <section className="empty-state" data-testid="empty-state">
      <h2>{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {go && (
        <a className="button primary" href={href(go)}>
          {t('common.goTo', { screen: t(`screens.${go}.title`) })}
        </a>
      )}
    </section>
  );
}
