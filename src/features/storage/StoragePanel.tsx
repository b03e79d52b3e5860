import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { deleteActivations } from '@shared/db/activation-store.ts';
import { Banner } from '../../common/components/Banner.tsx';
import { useConfirm } from '../../common/components/ConfirmDialog.tsx';
import { joinNodes, useDescribeFootprint } from '../../common/components/footprint.tsx';
import { appDb } from '../../common/db.ts';
import { count, formatBytes, percent } from '../../common/format.ts';
import {
  readStorageUsage,
  requestPersistence,
  type StorageUsage,
} from '../../common/storage-usage.ts';

const DETAIL_NAMES = ['indexedDB', 'caches', 'serviceWorkerRegistrations'] as const;

/** How much of this browser's storage Shelfwise uses, on what, and whether it is kept. */
export function StoragePanel() {
  const { t } = useTranslation();
  const describe = useDescribeFootprint();
  const confirm = useConfirm();
  const { datasets, models, runs, report } = useWorkspace();
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  const [asking, setAsking] = useState(false);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    appDb()
      .then(readStorageUsage)
      // Usage is a nicety: when the browser will not say, the panel says so.
      .then(
        (read) => current && setUsage(read),
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [datasets, models, runs, reads]);

  /** Never fails: a browser that will not keep the data simply says no. */
  async function persist() {
    setAsking(true);
    try {
      await requestPersistence();
    } finally {
      setAsking(false);
      setReads((n) => n + 1);
    }
  }

  /** The cache only saves time: the next fine-tuning makes again the views it lacks. */
  async function clearActivations(views: number) {
    const yes = await confirm({
      title: t('storage.clearActivations.title', { count: views, n: count(views) }),
      body: <p>{t('storage.clearActivations.body')}</p>,
      confirmLabel: t('storage.clearActivations.confirm'),
      danger: true,
    });
    if (!yes) return;
    await deleteActivations(await appDb());
    setReads((n) => n + 1);
  }

  if (!usage) return <p className="muted">{t('app.loading')}</p>;
  const share = usage.usage !== null && usage.quota ? usage.usage / usage.quota : null;
  const details = Object.entries(usage.usageDetails ?? {}).filter(([, bytes]) => bytes > 0);
  return (
    <section className="card storage" aria-labelledby="storage-heading" data-testid="storage-panel">
      <h2 id="storage-heading">{t('storage.heading')}</h2>
      {usage.usage !== null && usage.quota !== null && (
        <>
          <p data-testid="storage-usage">
            {t('storage.using', {
              used: formatBytes(usage.usage),
              quota: formatBytes(usage.quota),
              share: share === null ? '—' : percent(share, share < 0.01 ? 2 : 1),
            })}
          </p>
          <progress max={1} value={share ?? 0} aria-label={t('storage.usedLabel')} />
        </>
      )}
      {details.length > 0 && (
        <p className="muted">
          {details
            .map(([name, bytes]) => {
              const known = DETAIL_NAMES.find((n) => n === name);
              return `${t(`storage.details.${known ?? 'other'}`)}: ${formatBytes(bytes)}`;
            })
            .join(' · ')}
        </p>
      )}
      <p data-testid="storage-counts">
        {[
          t('storage.counts.datasets', {
            count: usage.datasets.length,
            n: count(usage.datasets.length),
          }),
          t('storage.counts.textModels', { count: usage.textModels, n: count(usage.textModels) }),
          t('storage.counts.photoModels', {
            count: usage.photoModels,
            n: count(usage.photoModels),
          }),
          t('storage.counts.photos', { count: usage.photos, n: count(usage.photos) }),
          t('storage.counts.embeddings', { count: usage.embeddings, n: count(usage.embeddings) }),
          t('storage.counts.activations', {
            count: usage.activations,
            n: count(usage.activations),
          }),
          t('storage.counts.runs', { count: usage.unfinishedRuns, n: count(usage.unfinishedRuns) }),
        ].join(t('common.listSeparator'))}
      </p>
      {usage.activations > 0 && (
        <p>
          <button
            type="button"
            data-testid="clear-activations"
            onClick={() => clearActivations(usage.activations).catch(report)}
          >
            {t('storage.clearActivations.button')}
          </button>
        </p>
      )}
      {usage.datasets.length > 0 && (
        <p className="muted">
          {t('storage.largest')}{' '}
          {joinNodes(usage.datasets.slice(0, 3).map(describe), t('common.listSeparator'))}
        </p>
      )}
      {usage.persisted ? (
        <Banner kind="success" testId="storage-persisted" title={t('storage.kept')} />
      ) : (
        <Banner
          kind="warning"
          testId="storage-persisted"
          title={t('storage.mayClear')}
          actions={
            <button
              type="button"
              onClick={() => persist().catch(() => undefined)}
              disabled={asking}
            >
              {t('storage.askKeep')}
            </button>
          }
        >
          {usage.persisted === false && !asking && <p>{t('storage.askKeepHelp')}</p>}
        </Banner>
      )}
      <p className="muted">{t('storage.deleteWhere')}</p>
    </section>
  );
}
