import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useScreenHref, type Screen } from '../../app/routes.ts';

interface NextStepProps {
  to: Screen;
  /** Why this is the next step, in a sentence. */
  children?: ReactNode;
  /** Takes the keyboard focus when it appears after the step ended. */
  focus?: boolean;
  /** Drawn as the screen's main action (when this screen's own one is done). */
  primary?: boolean;
}

/** The step to take next, as a link that keeps the catalogue and model in the URL. */
export function NextStep({ to, children, focus, primary = true }: NextStepProps) {
  const { t } = useTranslation();
  const href = useScreenHref();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (focus) link.current?.focus();
  }, [focus]);
  return (
    <div className="next-step">
      {children && <p>{children}</p>}
      <a
        ref={link}
        className={primary ? 'button primary' : 'button'}
        href={href(to)}
        data-testid={`next-${to}`}
      >
        {t('common.nextStep', { step: t(`screens.${to}.title`) })}
        <span aria-hidden="true"> →</span>
      </a>
    </div>
  );
}
