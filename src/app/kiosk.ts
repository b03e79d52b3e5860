import { newId } from '@shared/ids.ts';
import { DB_NAME } from '@shared/db/schema.ts';
import { KIOSK_DB_PREFIX } from '@shared/db/database-name.ts';
import { tabLockName } from './single-tab.ts';

export interface KioskOptions {
  /** Milliseconds without a touch, click or key before the station starts over. */
  idleMs: number;
}

const DEFAULT_IDLE_MINUTES = 3;

/**
 * `?kiosk` (or `?kiosk=1`) turns a demo station on; `&idle=90` sets the idle time in seconds.
 * `?kiosk=0` and `?kiosk=false` leave it off.
 */
export function kioskFromUrl(search: string): KioskOptions | null {
  const params = new URLSearchParams(search);
  const flag = params.get('kiosk');
  if (flag === null || flag === '0' || flag === 'false') return null;
  const idleSeconds = Number(params.get('idle'));
  return {
    idleMs:
      Number.isFinite(idleSeconds) && idleSeconds > 0
        ? idleSeconds * 1000
        : DEFAULT_IDLE_MINUTES * 60_000,
  };
}

export const kiosk: KioskOptions | null = kioskFromUrl(window.location.search);

/** The database this page works on: the owner's, or a fresh throwaway one for a kiosk. */
export const databaseName: string = kiosk ? newId(KIOSK_DB_PREFIX.replace(/-$/, '')) : DB_NAME;

/**
 * Deletes the databases of earlier kiosk sessions. A database whose tab is still open is
 * kept: that tab holds its lock.
 */
export async function deleteStaleKioskDatabases(): Promise<string[]> {
  if (!('databases' in indexedDB) || !('locks' in navigator)) return [];
  const [databases, locks] = await Promise.all([indexedDB.databases(), navigator.locks.query()]);
  const held = new Set((locks.held ?? []).map((lock) => lock.name));
  const stale = databases
    .map((database) => database.name ?? '')
    .filter(
      (name) =>
        name.startsWith(KIOSK_DB_PREFIX) && name !== databaseName && !held.has(tabLockName(name)),
    );
  for (const name of stale) indexedDB.deleteDatabase(name);
  return stale;
}
