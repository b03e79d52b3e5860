import { useEffect, useState } from 'react';
import { appDb } from '../../common/db.ts';
import {
  describeFootprint,
  formatBytes,
  readStorageUsage,
  requestPersistence,
  type StorageUsage,
} from '../../common/storage-usage.ts';

interface StoragePanelProps {
  /** Changes whenever something was saved or deleted, to read the figures again. */
  version: unknown;
}

const DETAIL_NAMES: Record<string, string> = {
  indexedDB: 'datasets and models',
  caches: 'offline copy of the app',
  serviceWorkerRegistrations: 'service worker',
};

const plural = (count: number, noun: string): string =>
  `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;

/** How much of this browser's storage Shelfwise uses, on what, and whether it is kept. */
export function StoragePanel({ version }: StoragePanelProps) {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  const [asking, setAsking] = useState(false);

  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    appDb()
      .then(readStorageUsage)
      // Usage is a nicety: when the browser will not say, the panel stays hidden.
      .then(
        (read) => current && setUsage(read),
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [version, reads]);

  /** Never fails: a browser that will not keep the data simply says no. */
  async function persist() {
    setAsking(true);
    try {
      await requestPersistence();
    } finally {
      setAsking(false);
      setReads((count) => count + 1);
    }
  }

  if (!usage) return null;
  const share = usage.usage !== null && usage.quota ? usage.usage / usage.quota : null;
  const details = Object.entries(usage.usageDetails ?? {}).filter(([, bytes]) => bytes > 0);
  return (
    <section className="card storage" aria-labelledby="storage-heading" data-testid="storage-panel">
      <h2 id="storage-heading">Storage on this device</h2>
      {usage.usage !== null && usage.quota !== null && (
        <>
          <p data-testid="storage-usage">
            Using {formatBytes(usage.usage)} of {formatBytes(usage.quota)} this browser allows
            {share !== null && ` (${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%)`}.
          </p>
          <progress max={1} value={share ?? 0} aria-label="Storage used" />
        </>
      )}
      {details.length > 0 && (
        <p className="muted">
          {details
            .map(([name, bytes]) => `${DETAIL_NAMES[name] ?? name}: ${formatBytes(bytes)}`)
            .join(' · ')}
        </p>
      )}
      <p data-testid="storage-counts">
        {[
          plural(usage.datasets.length, 'dataset'),
          plural(usage.textModels, 'text model'),
          plural(usage.photoModels, 'photo model'),
          plural(usage.photos, 'photo'),
          plural(usage.embeddings, 'cached image embedding'),
          plural(usage.unfinishedRuns, 'unfinished training run'),
        ].join(', ')}
        .
      </p>
      {usage.datasets.length > 0 && (
        <p className="muted">
          Largest: {usage.datasets.slice(0, 3).map(describeFootprint).join('; ')}.
        </p>
      )}
      {usage.persisted ? (
        <p data-testid="storage-persisted">
          Kept: the browser will not clear this data to free space.
        </p>
      ) : (
        <p data-testid="storage-persisted">
          The browser may clear this data when the disk runs low.{' '}
          <button type="button" onClick={() => persist().catch(() => undefined)} disabled={asking}>
            Ask the browser to keep it
          </button>
          {usage.persisted === false && !asking && (
            <span className="muted"> (browsers grant this to sites you use often or install)</span>
          )}
        </p>
      )}
    </section>
  );
}
