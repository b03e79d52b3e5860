import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STEPS, stepNumber, type Screen } from '../../app/routes.ts';

interface ScreenFrameProps {
  screen: Screen;
  /** One sentence the owner can act on: what this screen says about their catalogue now. */
  lead?: ReactNode;
  /** A short explanation of the step, beside it on wide screens, under the title on narrow ones. */
  about?: ReactNode;
  children: ReactNode;
}

/** A screen: its step number, title, lead sentence, explanation and content. */
export function ScreenFrame({ screen, lead, about, children }: ScreenFrameProps) {
  const { t } = useTranslation();
  const number = stepNumber(screen);
  return (
    <article className="screen" aria-labelledby="screen-title" data-screen={screen}>
      <header className="screen-header">
        {number !== null && (
          <p className="step-count">{t('nav.stepOf', { step: number, steps: STEPS.length })}</p>
        )}
        <h1 id="screen-title" tabIndex={-1}>
          {t(`screens.${screen}.title`)}
        </h1>
        {lead && (
          <p className="lead" data-testid="screen-lead">
            {lead}
          </p>
        )}
        {about && (
          // On a narrow screen the explanation folds under the lead, so the step's action
          // stays near the top; on a wide one it stands beside the screen.
          <details className="about-folded">
            <summary>{t('common.aboutThisStep')}</summary>
            <div className="about-text">{about}</div>
          </details>
        )}
      </header>
      <div className={about ? 'screen-body with-about' : 'screen-body'}>
        <div className="screen-main">{children}</div>
        {about && (
          <aside className="about" aria-label={t('common.aboutThisStep')}>
            {about}
          </aside>
        )}
      </div>
    </article>
  );
}
