import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { count } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

interface CategoryPickerProps {
  labels: readonly string[];
  onPick: (label: string) => void;
  onClose: () => void;
}

const SHOWN = 12;

/** Every search word must appear somewhere in the category path, in any order. */
function matches(label: string, words: string[]): boolean {
  const lower = label.toLowerCase();
  return words.every((word) => lower.includes(word));
}

/** Search-as-you-type category choice: arrows move, Enter picks, Escape closes. */
export function CategoryPicker({ labels, onPick, onClose }: CategoryPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const found = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return labels.filter((label) => matches(label, words));
  }, [labels, query]);
  const shown = found.slice(0, SHOWN);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      const label = shown[active];
      if (label) onPick(label);
    } else if (event.key === 'Escape') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className="picker">
      <input
        autoFocus
        role="combobox"
        aria-label={t('picker.search')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
        value={query}
        placeholder={t('picker.placeholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul role="listbox" id={listId} aria-label={t('picker.categories')}>
        {shown.map((label, i) => (
          <li
            key={label}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(label);
            }}
          >
            <Data>{label}</Data>
          </li>
        ))}
        {found.length > SHOWN && (
          <li className="muted" aria-hidden>
            {t('picker.more', { count: found.length - SHOWN, n: count(found.length - SHOWN) })}
          </li>
        )}
        {found.length === 0 && (
          <li className="muted">
            {rich(t('picker.none', { query: slot('query') }), { query: <Data>{query}</Data> })}
          </li>
        )}
      </ul>
    </div>
  );
}
