import { useEffect, useSyncExternalStore } from 'react';

/**
 * One tab at a time works on a database: two tabs training or importing into the same store
 * would overwrite each other's records. A Web Lock per database is held for the page's
 * lifetime; a second tab waits with a message, or takes over (the first one then stops).
 */
export type TabRole =
  /** Asking for the lock. */
  | 'checking'
  /** This tab holds the lock and works normally. */
  | 'owner'
  /** Another tab held it when this one opened. */
  | 'elsewhere'
  /** This tab held it, and another one took over. */
  | 'taken-over'
  /** No Web Locks (an old browser): nothing to coordinate with. */
  | 'unsupported';

export const tabLockName = (databaseName: string): string => `shelfwise-tab:${databaseName}`;

const supported = typeof navigator !== 'undefined' && 'locks' in navigator;
let role: TabRole = supported ? 'checking' : 'unsupported';
let requested = false;
const listeners = new Set<() => void>();

function set(next: TabRole): void {
  role = next;
  for (const listener of listeners) listener();
}

/** Asks for the lock once per page (not per render or effect run), or steals it. */
function acquire(databaseName: string, steal: boolean): void {
  if (!supported) return;
  const options: LockOptions = steal ? { steal: true } : { ifAvailable: true };
  navigator.locks
    .request(tabLockName(databaseName), options, (lock) => {
      if (!lock) {
        set('elsewhere');
        return undefined;
      }
      set('owner');
      // Held until the page closes or another tab steals it.
      return new Promise<void>(() => undefined);
    })
    .catch((error: unknown) => {
      // A steal rejects the holder's request with an AbortError.
      if (error instanceof DOMException && error.name === 'AbortError') set('taken-over');
      else throw error;
    });
}

export function useTabOwnership(databaseName: string) {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => role,
  );
  useEffect(() => {
    if (requested) return;
    requested = true;
    acquire(databaseName, false);
  }, [databaseName]);
  return { role: current, takeOver: () => acquire(databaseName, true) };
}
