import { Fragment, type ReactNode } from 'react';
import { SLOT_MARK as MARK } from './slot.ts';

export { slot } from './slot.ts';

/**
 * A translated sentence with nodes in its placeholders: `rich(t('key', { name: slot('name') }),
 * { name: <Data>{name}</Data> })`. The owner's data is never parsed as markup.
 */
export function rich(text: string, parts: Record<string, ReactNode>): ReactNode {
  const pieces = text.split(MARK);
  if (pieces.length === 1) return text;
  return pieces.map((piece, i) => (
    <Fragment key={i}>{i % 2 === 1 ? (parts[piece] ?? piece) : piece}</Fragment>
  ));
}

/**
 * The owner's own data inside the interface (a catalogue's name, a category, a product
 * title): shown as it is in every language, and marked so that translators and checks
 * leave it alone.
 */
export function Data({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span translate="no" className={className ? `data ${className}` : 'data'}>
      {children}
    </span>
  );
}
