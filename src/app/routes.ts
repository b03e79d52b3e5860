import { useCallback, useSyncExternalStore } from 'react';

/** The steps an owner walks, in order; each is one screen. */
export const STEPS = ['import', 'train', 'check', 'review', 'label', 'export'] as const;
/** Places beside the steps: things kept, moved and set up. */
export const PLACES = ['models', 'photos', 'taxonomy', 'storage', 'project', 'settings'] as const;

export type Step = (typeof STEPS)[number];
export type Place = (typeof PLACES)[number];
export type Screen = Step | Place;

/**
 * Where the owner is: the screen and what it shows. Kept in the URL's hash
 * (`#/check?dataset=…&model=…&taxonomy=…`), so a reload or a shared link opens the same view.
 */
export interface Route {
  screen: Screen;
  dataset: string | null;
  model: string | null;
  taxonomy: string | null;
}

const SCREENS: readonly string[] = [...STEPS, ...PLACES];
const isScreen = (value: string): value is Screen => SCREENS.includes(value);

/** The route a hash names; `null` for a hash that names no screen (an empty one included). */
export function parseHash(hash: string): Route | null {
  const match = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  if (!match || !isScreen(match[1] ?? '')) return null;
  const params = new URLSearchParams(match[2] ?? '');
  return {
    screen: match[1] as Screen,
    dataset: params.get('dataset'),
    model: params.get('model'),
    taxonomy: params.get('taxonomy'),
  };
}

export function formatHash(route: Route): string {
  const params = new URLSearchParams();
  if (route.dataset) params.set('dataset', route.dataset);
  if (route.model) params.set('model', route.model);
  if (route.taxonomy) params.set('taxonomy', route.taxonomy);
  const query = params.toString();
  return `#/${route.screen}${query ? `?${query}` : ''}`;
}

export const stepNumber = (screen: Screen): number | null => {
  const index = STEPS.indexOf(screen as Step);
  return index < 0 ? null : index + 1;
};

/** The step after this one, if it is a step and not the last. */
export const nextStep = (screen: Screen): Step | null => {
  const index = STEPS.indexOf(screen as Step);
  return index < 0 ? null : (STEPS[index + 1] ?? null);
};

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The hash as it is now; re-rendered on every change, by a link or by the Back button. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/**
 * Writes a route into the address bar: `push` adds a history entry (a move to another screen,
 * which Back undoes), otherwise the entry is replaced (a change of what the screen shows).
 */
export function writeRoute(route: Route, push: boolean): void {
  const hash = formatHash(route);
  if (window.location.hash === hash) return;
  const url = `${window.location.pathname}${window.location.search}${hash}`;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  // pushState and replaceState fire no hashchange: tell the subscribers ourselves.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** A link's href to another screen, keeping what the current route shows. */
export function useScreenHref(): (screen: Screen) => string {
  const hash = useHash();
  return useCallback(
    (screen: Screen) => {
      const current = parseHash(hash);
      return formatHash({
        screen,
        dataset: current?.dataset ?? null,
        model: current?.model ?? null,
        taxonomy: current?.taxonomy ?? null,
      });
    },
    [hash],
  );
}
