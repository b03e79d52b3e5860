import { useEffect, useState } from 'react';
import { appDb } from '../db.ts';
import { describeFootprint, readStorageUsage, type StorageUsage } from '../storage-usage.ts';

/** Names what takes the most room when storage is full, so the fix is one click away. */
export function QuotaAdvice() {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    appDb()
      .then(readStorageUsage)
      .then(setUsage, () => undefined);
  }, []);
  if (!usage) return null;
  const biggest = usage.datasets.slice(0, 3);
  return (
    <p data-testid="quota-advice">
      Browser storage is full. Nothing saved so far was lost.{' '}
      {biggest.length > 0
        ? `To make room, delete what you no longer need under Datasets: ${biggest.map(describeFootprint).join('; ')}.`
        : 'Free space on this disk, or allow this site more storage in the browser settings.'}
      {usage.unfinishedRuns > 0 &&
        ` ${usage.unfinishedRuns} unfinished training run${usage.unfinishedRuns === 1 ? '' : 's'} also keep their weights until resumed or discarded.`}{' '}
      Then try again.
    </p>
  );
}
