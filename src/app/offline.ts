import { useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';

/** Where the offline copy of the app stands, for the header's indicator. */
export type OfflineState =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'saving' }
  | { kind: 'ready' }
  | { kind: 'update'; apply: () => void }
  | { kind: 'failed'; message: string };

let state: OfflineState = { kind: 'saving' };
const listeners = new Set<() => void>();

function set(next: OfflineState): void {
  state = next;
  for (const listener of listeners) listener();
}

/**
 * Registers the service worker that keeps the app, its wasm kernels, shipped models and
 * taxonomies in the browser's cache, so that later visits work with the network off.
 * The dev server has no service worker: hot reload and a cache do not mix.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) {
    set({ kind: 'unavailable', reason: 'not in development mode' });
    return;
  }
  if (!('serviceWorker' in navigator)) {
    set({ kind: 'unavailable', reason: 'this browser has no service workers' });
    return;
  }
  // Relative to the page, so the built site works from any folder.
  const workbox = new Workbox(new URL('sw.js', document.baseURI).href, { scope: './' });
  workbox.addEventListener('activated', (event) => {
    if (!event.isUpdate) set({ kind: 'ready' });
  });
  // A new version is installed and waits for this tab to let it take over.
  workbox.addEventListener('waiting', () =>
    set({
      kind: 'update',
      apply: () => {
        workbox.addEventListener('controlling', () => window.location.reload());
        workbox.messageSkipWaiting();
      },
    }),
  );
  workbox
    .register()
    .then((registration) => {
      if (registration?.active && !registration.waiting && state.kind === 'saving')
        set({ kind: 'ready' });
    })
    .catch((error: unknown) =>
      set({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
}

export function useOfflineState(): OfflineState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
