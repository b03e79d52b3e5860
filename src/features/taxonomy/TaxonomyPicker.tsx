import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LoadedTaxonomy } from './taxonomies.ts';
import { localisedPath, type TaxonomyLanguage } from '@shared/taxonomy/standard-taxonomy.ts';
import { searchTaxonomy } from '@shared/taxonomy/taxonomy-search.ts';
import { count } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

interface TaxonomyPickerProps {
  loaded: LoadedTaxonomy;
  language: TaxonomyLanguage;
  /** Selected node index, or null. */
  value: number | null;
  onChange: (node: number) => void;
  label: string;
}

const ROW_HEIGHT = 44;

/**
 * Chooses a node of a standard taxonomy: a combobox that searches as you type (English and
 * Chinese), shows each match as a breadcrumb, and renders only the visible rows, so 10k nodes
 * cost what a screenful does. Arrows move, Enter picks, Escape closes.
 */
export function TaxonomyPicker({ loaded, language, value, onChange, label }: TaxonomyPickerProps) {
  const { t } = useTranslation();
  const { taxonomy, search } = loaded;
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const matches = useMemo(() => (open ? searchTaxonomy(search, query) : []), [search, query, open]);
  const shown = matches;
  // The virtualizer's methods are not memoisable, which only matters under React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const path = (node: number) => localisedPath(taxonomy, node, language);
  const optionId = (index: number) => `${id}-option-${index}`;

  const move = (to: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const choose = (index: number) => {
    const node = shown[index];
    if (node === undefined) return;
    onChange(node);
    setOpen(false);
    setQuery('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else move(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(active - 1);
    } else if (event.key === 'PageDown') {
      event.preventDefault();
      move(active + 8);
    } else if (event.key === 'PageUp') {
      event.preventDefault();
      move(active - 8);
    } else if (event.key === 'Enter') {
      if (open) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else setQuery('');
    }
  };

  const listboxId = `${id}-listbox`;
  const selectedPath = value === null ? null : path(value);
  return (
    <div className="taxonomy-picker">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown.length > 0 ? optionId(active) : undefined}
        placeholder={selectedPath ? t('taxonomy.picker.change') : t('taxonomy.picker.search')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
          virtualizer.scrollToOffset(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {selectedPath && (
        <nav
          className="breadcrumb"
          aria-label={t('taxonomy.picker.chosen', { label })}
          translate="no"
        >
          {selectedPath.map((name, i) => (
            <span key={i}>{name}</span>
          ))}
        </nav>
      )}
      <div
        ref={listRef}
        id={listboxId}
        role="listbox"
        aria-label={t('taxonomy.picker.matches', { label })}
        className="taxonomy-options"
        hidden={!open}
      >
        {open && (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const node = shown[item.index] as number;
              const levels = path(node);
              return (
                <div
                  key={item.key}
                  id={optionId(item.index)}
                  role="option"
                  aria-selected={item.index === active}
                  className={item.index === active ? 'active' : undefined}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                  }}
                  // Mouse down, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    choose(item.index);
                  }}
                >
                  <Data className="option-name">{levels[levels.length - 1]}</Data>
                  <Data className="option-path">{levels.slice(0, -1).join(' › ')}</Data>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {open && (
        <span className="muted picker-count" aria-live="polite">
          {t('taxonomy.picker.count', {
            shown: count(shown.length),
            total: count(taxonomy.tree.nodes.length),
          })}
        </span>
      )}
    </div>
  );
}
