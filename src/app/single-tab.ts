import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * One tab at a time works on a database: two tabs training or importing into the same store
 * would overwrite each other's records. A Web Lock per database is held for the tab's
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

export function useTabOwnership(databaseName: string) {
  const [role, setRole] = useState<TabRole>(() =>
    'locks' in navigator ? 'checking' : 'unsupported',
  );
  const release = useRef<(() => void) | null>(null);

  const acquire = useCallback(
    (steal: boolean) => {
      if (!('locks' in navigator)) return;
      const options: LockOptions = steal ? { steal: true } : { ifAvailable: true };
      navigator.locks
        .request(tabLockName(databaseName), options, (lock) => {
          if (!lock) {
            setRole('elsewhere');
            return undefined;
          }
          setRole('owner');
          // Held until the tab closes or another tab steals it.
          return new Promise<void>((resolve) => {
            release.current = resolve;
          });
        })
        .catch((error: unknown) => {
          // A steal rejects the holder's request with an AbortError.
          if (error instanceof DOMException && error.name === 'AbortError') {
            release.current = null;
            setRole('taken-over');
          } else throw error;
        });
    },
    [databaseName],
  );

  useEffect(() => {
    acquire(false);
    return () => release.current?.();
  }, [acquire]);

  return { role, takeOver: () => acquire(true) };
}
