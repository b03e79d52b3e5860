import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassMetrics } from '@shared/metrics.ts';
import { count, decimal } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

type SortKey = keyof ClassMetrics;
const COLUMNS = [
  { key: 'label', label: 'metrics.category' },
  { key: 'precision', label: 'metrics.precision' },
  { key: 'recall', label: 'metrics.recall' },
  { key: 'f1', label: 'metrics.f1' },
  { key: 'support', label: 'metrics.testRows' },
] as const satisfies readonly { key: SortKey; label: string }[];

/**
 * Precision, recall, F1 and support per category; weakest first by default. Headers are
 * buttons (sortable from the keyboard) and a text filter narrows hundreds of categories.
 */
export function PerClassTable({ perClass }: { perClass: ClassMetrics[] }) {
  const { t } = useTranslation();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'f1',
    ascending: true,
  });
  const needle = filter.trim().toLowerCase();
  const rows = perClass
    .filter((row) => row.label.toLowerCase().includes(needle))
    .sort((a, b) => {
      const order = a[sort.key] < b[sort.key] ? -1 : a[sort.key] > b[sort.key] ? 1 : 0;
      return sort.ascending ? order : -order;
    });
  return (
    <div className="per-class">
      <div className="table-filter">
        <label htmlFor={filterId}>{t('perClass.filter')}</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          placeholder={t('perClass.placeholder')}
          onChange={(event) => setFilter(event.target.value)}
        />
        <span className="muted" role="status" data-testid="per-class-count">
          {rows.length === perClass.length
            ? t('perClass.all', { count: perClass.length, n: count(perClass.length) })
            : t('perClass.some', { shown: count(rows.length), n: count(perClass.length) })}
        </span>
      </div>
      <div className="table-scroll tall">
        <table className="per-class" data-testid="per-class-table">
          <thead>
            <tr>
              {COLUMNS.map(({ key, label }) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={
                    sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'
                  }
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      setSort({
                        key,
                        ascending: sort.key === key ? !sort.ascending : key === 'label',
                      })
                    }
                  >
                    {t(label)}
                    {sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} className={row.f1 < 0.5 ? 'weak' : ''}>
                <td>
                  <Data>{row.label}</Data>
                </td>
                <td>{decimal(row.precision, 2)}</td>
                <td>{decimal(row.recall, 2)}</td>
                <td>{decimal(row.f1, 2)}</td>
                <td>{count(row.support)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
