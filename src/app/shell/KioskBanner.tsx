import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteStaleKioskDatabases } from '../kiosk.ts';

interface KioskBannerProps {
  idleMs: number;
  /** The idle clock runs only once the station is ready (the demo loaded). */
  ready: boolean;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * A demo station: everything lives in a throwaway database, and after `idleMs` without a
 * touch or a key the page starts over (a fresh database with the demo loaded again).
 */
export function KioskBanner({ idleMs, ready }: KioskBannerProps) {
  const { t } = useTranslation();
  const lastActivity = useRef(0);
  const [remainingMs, setRemainingMs] = useState(idleMs);

  useEffect(() => {
    // Another tab may still hold one; it is tried again on the next visit.
    deleteStaleKioskDatabases().catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!ready) return;
    lastActivity.current = Date.now();
    const touched = () => {
      lastActivity.current = Date.now();
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, touched, true);
    const tick = setInterval(() => {
      const left = idleMs - (Date.now() - lastActivity.current);
      setRemainingMs(left);
      if (left <= 0) {
        clearInterval(tick);
        window.location.reload();
      }
    }, 250);
    return () => {
      clearInterval(tick);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, touched, true);
    };
  }, [idleMs, ready]);

  return (
    <div className="kiosk-banner" role="status" data-testid="kiosk-banner">
      <strong>{t('kiosk.title')}</strong> {t('kiosk.nothingKept')}{' '}
      {ready ? (
        <>
          {t('kiosk.startsOver')} <span data-testid="kiosk-countdown">{clock(remainingMs)}</span>
        </>
      ) : (
        t('kiosk.loading')
      )}
    </div>
  );
}
