import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryMerge } from '@shared/contracts/import.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import { similarLabels } from '@shared/labels.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { count } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

const toMerge = (labels: string[]): CategoryMerge => ({
  into: labels[0] as string,
  from: labels.slice(1),
});

/** Offers to fold "Shoes" and "shoes " into one category before they train as two. */
export function SimilarCategories({ dataset }: { dataset: DatasetRecord }) {
  const { t } = useTranslation();
  const importer = useWorker('import');
  const { refresh, report } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const groups = similarLabels(dataset.classCounts);
  if (groups.length === 0) return null;

  async function merge(merges: CategoryMerge[]) {
    setBusy(true);
    try {
      await importer.get().api.mergeCategories(dataset.id, merges);
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="similar-categories" role="region" aria-label={t('similar.heading')}>
      <h3>{t('similar.heading')}</h3>
      <p className="muted">{t('similar.explain')}</p>
      <ul>
        {groups.map((group) => (
          <li key={group.labels.join('\u0000')}>
            {group.labels.map((label, i) => (
              <span key={label}>
                {i > 0 && ', '}“<Data>{label}</Data>” (
                {t('similar.products', {
                  count: group.counts[i] ?? 0,
                  n: count(group.counts[i] ?? 0),
                })}
                )
              </span>
            ))}{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => merge([toMerge(group.labels)]).catch(report)}
            >
              {t('similar.merge', { into: group.labels[0] })}
            </button>
          </li>
        ))}
      </ul>
      {groups.length > 1 && (
        <button
          type="button"
          disabled={busy}
          onClick={() => merge(groups.map((group) => toMerge(group.labels))).catch(report)}
        >
          {t('similar.mergeAll')}
        </button>
      )}
    </div>
  );
}
