import { useEffect, useRef } from 'react';

export type ReviewKey = 'accept' | 'keep' | 'skip' | 'undo' | 'pick';

const KEYS: Record<string, ReviewKey> = {
  a: 'accept',
  enter: 'accept',
  k: 'keep',
  s: 'skip',
  arrowright: 'skip',
  u: 'undo',
  c: 'pick',
  '/': 'pick',
};

/** Keys typed into a field, or used by a control that has the focus, are not shortcuts. */
function isOwnedByControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open]')) return true;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range'].includes(type) || key === 'enter';
  }
  // Enter belongs to the button, link or disclosure that has the focus.
  return key === 'enter' && target.closest('button, a, summary') !== null;
}

/**
 * The review shortcuts, live for as long as the review screen shows a product: no click on
 * the card first. A (or Enter) accepts the suggestion, K keeps the shop's label, C or / picks
 * another category, S (or →) skips, U or Ctrl+Z undoes.
 */
export function useReviewKeys(active: boolean, onKey: (key: ReviewKey) => void): void {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    if (!active) return;
    const listener = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && key === 'z') {
        if (isOwnedByControl(event.target, key)) return;
        event.preventDefault();
        handler.current('undo');
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const action = KEYS[key];
      if (!action || isOwnedByControl(event.target, key)) return;
      event.preventDefault();
      handler.current(action);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [active]);
}
