import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readModel } from '@shared/db/model-store.ts';
import type { ImageModelRecord } from '@shared/db/records/image.ts';
import type { PhotoBundleImport } from '@shared/contracts/lifecycle.ts';
import { freeId, registerModel } from './import-bundle.ts';
import { readModelBundle, unzipFiles, writeModelBundle, zipFiles } from './model-bundle.ts';
import {
  isPhotoBundle,
  readPhotoBundle,
  TEXT_MODEL_FOLDER,
  writePhotoBundle,
} from './photo-bundle.ts';

/**
 * A photo model as a self-contained .zip: its head, its fine-tuned top and, for late fusion,
 * the text model it fuses with (at float32).
 * @throws NotFound when the model (or its text model) is gone
 */
export async function exportPhotoModel(db: ShelfwiseDb, modelId: string): Promise<Uint8Array> {
  const record = await db.get('imageModels', modelId);
  if (!record) throw appError('NotFound', `Photo model ${modelId} is no longer stored`);
  const text = record.textModelId
    ? await writeModelBundle(await readModel(db, record.textModelId), 'float32')
    : null;
  return zipFiles(await writePhotoBundle(record, text));
}

/**
 * Stores a read photo model under a free id; its text model (when it came along) is stored
 * first, under a free id too, and the photo model points at it.
 */
export async function registerPhotoModel(
  db: ShelfwiseDb,
  record: ImageModelRecord,
  textModel: ReadonlyMap<string, Uint8Array> | null,
): Promise<PhotoBundleImport> {
  let textModelId = record.textModelId;
  if (textModel) {
    const contents = await readModelBundle(textModel, TEXT_MODEL_FOLDER);
    textModelId = (await registerModel(db, contents)).model.id;
  }
  const id = await freeId(db, record.id, 'imageModels');
  const stored: ImageModelRecord = { ...record, id, textModelId };
  await db.put('imageModels', stored);
  const datasetPresent = (await db.getKey('datasets', record.datasetId)) !== undefined;
  return { model: stored, datasetPresent, ...(id !== record.id ? { previousId: record.id } : {}) };
}

/**
 * Imports a photo model bundle (.zip). A model keeps its dataset link: in a browser without
 * that dataset it classifies photos alone.
 * @throws InvalidInput naming what is wrong with the file
 */
export async function importPhotoModel(
  db: ShelfwiseDb,
  zip: Uint8Array,
): Promise<PhotoBundleImport> {
  const files = unzipFiles(zip, 'The file');
  if (!isPhotoBundle(files))
    throw appError(
      'InvalidInput',
      'The file is not a Shelfwise photo model bundle (a text model bundle is imported in the model list)',
    );
  const { record, textModel } = await readPhotoBundle(files);
  return registerPhotoModel(db, record, textModel);
}
