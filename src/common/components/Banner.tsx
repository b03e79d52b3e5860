import type { ReactNode } from 'react';

export type BannerKind = 'info' | 'success' | 'warning' | 'error';

interface BannerProps {
  kind: BannerKind;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons or links that answer the banner. */
  actions?: ReactNode;
  testId?: string;
}

/**
 * A message with a weight: information, a success, a warning to read before going on, or an
 * error. Errors and warnings are announced at once; the others politely.
 */
export function Banner({ kind, title, children, actions, testId }: BannerProps) {
  const urgent = kind === 'error' || kind === 'warning';
  return (
    <div
      className={`banner banner-${kind}`}
      role={urgent ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="banner-text">
        {title && <strong className="banner-title">{title}</strong>}
        {children}
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  );
}
