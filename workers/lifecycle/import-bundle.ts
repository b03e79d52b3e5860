import type { ShelfwiseDb } from '@shared/db/open.ts';
import { saveModel } from '@shared/db/model-store.ts';
import type { BundleImport } from '@shared/contracts/lifecycle.ts';
import { readModelBundle, unzipFiles, type ModelContents } from './model-bundle.ts';

/** An id not yet taken in `store`, derived from the bundle's (a bundle imported twice keeps both). */
export async function freeId(
  db: ShelfwiseDb,
  id: string,
  store: 'models' | 'imageModels' = 'models',
): Promise<string> {
  if (!(await db.getKey(store, id))) return id;
  for (let n = 2; ; n++) {
    const candidate = `${id}-copy${n}`;
    if (!(await db.getKey(store, candidate))) return candidate;
  }
}

/**
 * Stores a validated model under a free id. It keeps its dataset link: when that dataset is
 * in this browser the model evaluates and trains further on it, otherwise it classifies alone
 * (and finds its dataset again if a project bringing it is imported later).
 */
export async function registerModel(
  db: ShelfwiseDb,
  contents: ModelContents,
): Promise<BundleImport> {
  const id = await freeId(db, contents.record.id);
  const renamed = id !== contents.record.id;
  const record = renamed
    ? {
        ...contents.record,
        id,
        name: `${contents.record.name ?? contents.record.datasetName} (copy)`,
      }
    : contents.record;
  await saveModel(db, { ...contents, record });
  const datasetPresent = (await db.getKey('datasets', record.datasetId)) !== undefined;
  return { model: record, datasetPresent, ...(renamed ? { previousId: contents.record.id } : {}) };
}

/**
 * Imports a model bundle (.zip).
 * @throws InvalidInput naming the missing or invalid file or field, a newer format, or a
 *   file that is not a zip
 */
export async function importModelBundle(db: ShelfwiseDb, zip: Uint8Array): Promise<BundleImport> {
  const contents = await readModelBundle(unzipFiles(zip, 'The file'));
  return registerModel(db, contents);
}
