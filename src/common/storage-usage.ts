import type { ShelfwiseDb } from '@shared/db/open.ts';

/** What one dataset keeps in storage, roughly: the things a person can delete. */
export interface DatasetFootprint {
  id: string;
  name: string;
  rows: number;
  models: number;
  photos: number;
}

export interface StorageUsage {
  /** Bytes used and allowed for this site, from navigator.storage.estimate(); null if unknown. */
  usage: number | null;
  quota: number | null;
  /** Chromium's split of `usage` (indexedDB, caches, …), when it gives one. */
  usageDetails: Record<string, number> | null;
  /** True when the browser will not evict this site's data under storage pressure. */
  persisted: boolean | null;
  /** Largest first. */
  datasets: DatasetFootprint[];
  textModels: number;
  photoModels: number;
  photos: number;
  embeddings: number;
  /** Photo views whose activations are cached for fine-tuning (with square photos' aliases). */
  activations: number;
  /** Unfinished text training and photo fine-tuning runs. */
  unfinishedRuns: number;
}

type EstimateWithDetails = StorageEstimate & { usageDetails?: Record<string, number> };

const weight = (d: DatasetFootprint): number => d.rows + d.photos * 100;

export async function readStorageUsage(db: ShelfwiseDb): Promise<StorageUsage> {
  const storage = 'storage' in navigator ? navigator.storage : null;
  const estimate: EstimateWithDetails | null = storage
    ? await storage.estimate().catch(() => null)
    : null;
  const persisted = storage ? await storage.persisted().catch(() => null) : null;
  const records = await db.getAll('datasets');
  const datasets = await Promise.all(
    records.map(async (d) => ({
      id: d.id,
      name: d.name,
      rows: d.rowCount,
      models:
        (await db.countFromIndex('models', 'byDataset', d.id)) +
        (await db.countFromIndex('imageModels', 'byDataset', d.id)),
      photos: await db.countFromIndex('photos', 'byDataset', d.id),
    })),
  );
  datasets.sort((a, b) => weight(b) - weight(a));
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    usageDetails: estimate?.usageDetails ?? null,
    persisted,
    datasets,
    textModels: await db.count('models'),
    photoModels: await db.count('imageModels'),
    photos: await db.count('photos'),
    embeddings: await db.count('embeddings'),
    activations: await db.count('activations'),
    unfinishedRuns: (await db.count('checkpoints')) + (await db.count('photoCheckpoints')),
  };
}

/** Asks the browser to keep this site's data under storage pressure; true when granted. */
export async function requestPersistence(): Promise<boolean> {
  if (!('storage' in navigator) || !navigator.storage.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
