import { useState } from 'react';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { CategoryMerge } from '@shared/contracts/import.ts';
import { similarLabels } from '@shared/labels.ts';

/** Every string this component shows, in one place (to move into the translation files). */
const TEXT = {
  heading: 'Categories that differ only in case or spacing',
  explain:
    'These would train as separate categories. Merging renames every product of the others to the first (the most used); models trained before keep the old names.',
  merge: (into: string) => `Merge into “${into}”`,
  mergeAll: 'Merge all',
  products: (count: number) => `${count.toLocaleString()} products`,
};

interface SimilarCategoriesProps {
  dataset: DatasetRecord;
  onMerge: (merges: CategoryMerge[]) => Promise<void>;
  onError: (error: unknown) => void;
}

/** Offers to fold "Shoes" and "shoes " into one category. */
export function SimilarCategories({ dataset, onMerge, onError }: SimilarCategoriesProps) {
  const [busy, setBusy] = useState(false);
  const groups = similarLabels(dataset.classCounts);
  if (groups.length === 0) return null;
  const merge = async (merges: CategoryMerge[]) => {
    setBusy(true);
    try {
      await onMerge(merges);
    } finally {
      setBusy(false);
    }
  };
  const toMerge = (labels: string[]): CategoryMerge => ({
    into: labels[0] as string,
    from: labels.slice(1),
  });
  return (
    <div className="similar-categories" role="region" aria-label={TEXT.heading}>
      <h3>{TEXT.heading}</h3>
      <p className="muted">{TEXT.explain}</p>
      <ul>
        {groups.map((group) => (
          <li key={group.labels.join('\u0000')}>
            {group.labels.map((label, i) => (
              <span key={label}>
                {i > 0 && ', '}“{label}” ({TEXT.products(group.counts[i] ?? 0)})
              </span>
            ))}{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => merge([toMerge(group.labels)]).catch(onError)}
            >
              {TEXT.merge(group.labels[0] as string)}
            </button>
          </li>
        ))}
      </ul>
      {groups.length > 1 && (
        <button
          type="button"
          disabled={busy}
          onClick={() => merge(groups.map((group) => toMerge(group.labels))).catch(onError)}
        >
          {TEXT.mergeAll}
        </button>
      )}
    </div>
  );
}
