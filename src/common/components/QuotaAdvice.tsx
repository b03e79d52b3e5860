import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appDb } from '../db.ts';
import { readStorageUsage, type StorageUsage } from '../storage-usage.ts';
import { joinNodes, useDescribeFootprint } from './footprint.tsx';
import { rich, slot } from '../../i18n/rich.tsx';

/** Names what takes the most room when storage is full, so the fix is one click away. */
export function QuotaAdvice() {
  const { t } = useTranslation();
  const describe = useDescribeFootprint();
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
      {t('storage.full')}{' '}
      {biggest.length > 0
        ? rich(t('storage.makeRoom', { list: slot('list') }), {
            list: joinNodes(biggest.map(describe), t('common.listSeparator')),
          })
        : t('storage.freeDisk')}
      {usage.unfinishedRuns > 0 && ` ${t('storage.runsKeep', { count: usage.unfinishedRuns })}`}{' '}
      {t('storage.tryAgain')}
    </p>
  );
}
