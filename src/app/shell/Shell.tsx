import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure } from '../../common/failure.ts';
import type { KioskOptions } from '../kiosk.ts';
import { useBackendChoice } from '../backend-context.tsx';
import { useWorkspace } from '../workspace-context.tsx';
import { ScreenView } from '../screens.tsx';
import { CurrentWork } from './CurrentWork.tsx';
import { Guide } from './Guide.tsx';
import { KioskBanner } from './KioskBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Navigation } from './Navigation.tsx';
import { OfflineBadge } from './OfflineBadge.tsx';
import { PrivacyIndicator } from './PrivacyIndicator.tsx';

interface ShellProps {
  kiosk: KioskOptions | null;
  kioskReady: boolean;
}

/** The frame around every screen: brand, language, what is worked on, the steps, the screen. */
export function Shell({ kiosk, kioskReady }: ShellProps) {
  const { t } = useTranslation();
  const { route, loaded, error, clearError } = useWorkspace();
  const { startError } = useBackendChoice();
  const main = useRef<HTMLElement>(null);

  // A move to another screen puts the keyboard on its title, so Tab goes on from there.
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded) return;
    if (previous.current !== null && previous.current !== route.screen)
      document.getElementById('screen-title')?.focus();
    previous.current = route.screen;
  }, [route.screen, loaded]);

  useEffect(() => {
    document.title = `${t(`screens.${route.screen}.title`)} · Shelfwise`;
  }, [route.screen, t]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash holds the route: move the focus without touching it.
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('app.skipToScreen')}
      </a>
      {kiosk && <KioskBanner idleMs={kiosk.idleMs} ready={kioskReady} />}
      <header className="topbar">
        <div className="brand">
          <span className="logo" translate="no">
            Shelfwise
          </span>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        <div className="topbar-tools">
          <LanguageSwitch />
          <OfflineBadge />
          <PrivacyIndicator />
        </div>
      </header>
      <CurrentWork />
      <div className="layout">
        <Navigation />
        <main id="main" ref={main} tabIndex={-1}>
          {error && (
            <div className="dismissable">
              <ErrorNote code={error.code} message={error.message} />
              <button type="button" className="link" onClick={clearError}>
                {t('common.dismiss')}
              </button>
            </div>
          )}
          {startError !== null && <ErrorNote {...asFailure(startError)} />}
          <Guide />
          {loaded ? (
            <ScreenView screen={route.screen} />
          ) : (
            <p className="muted" role="status">
              {t('app.loading')}
            </p>
          )}
        </main>
      </div>
      <footer className="muted">{t('app.footer')}</footer>
    </div>
  );
}
