import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLACES, STEPS, useScreenHref, type Screen, type Step } from '../routes.ts';
import { useWorkspace } from '../workspace-context.tsx';

/** The steps in order, then the places; on a phone they fold behind a menu button. */
export function Navigation() {
  const { t } = useTranslation();
  const href = useScreenHref();
  const { route, dataset, model } = useWorkspace();
  const [open, setOpen] = useState(false);
  const done: Partial<Record<Step, boolean>> = { import: dataset !== null, train: model !== null };
  const link = (screen: Screen, content: React.ReactNode) => (
    <a
      href={href(screen)}
      aria-current={route.screen === screen ? 'page' : undefined}
      onClick={() => setOpen(false)}
    >
      {content}
    </a>
  );
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="nav-lists"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">☰ </span>
        {t('nav.menu')}
        <span className="menu-current"> · {t(`screens.${route.screen}.title`)}</span>
      </button>
      <div id="nav-lists" className={open ? 'nav-lists open' : 'nav-lists'}>
        <h2 className="nav-heading">{t('nav.steps')}</h2>
        <ol className="nav-steps">
          {STEPS.map((step, i) => (
            <li key={step} className={done[step] ? 'done' : undefined}>
              {link(
                step,
                <>
                  <span className="step-number" aria-hidden="true">
                    {done[step] ? '✓' : i + 1}
                  </span>
                  <span className="step-name">{t(`screens.${step}.title`)}</span>
                  {done[step] && <span className="visually-hidden">{t('nav.done')}</span>}
                </>,
              )}
            </li>
          ))}
        </ol>
        <h2 className="nav-heading">{t('nav.places')}</h2>
        <ul className="nav-places">
          {PLACES.map((place) => (
            <li key={place}>{link(place, t(`screens.${place}.title`))}</li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
