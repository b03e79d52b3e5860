import { appError } from '../errors.ts';
import type { ShelfwiseDb } from './open.ts';
import {
  modelWeightsKey,
  type HeldOutPredictionsRecord,
  type ModelRecord,
  type WeightsRecord,
} from './schema.ts';

/** What makes up one stored text model: its record, weights (with split), held-out predictions. */
export interface ModelContents {
  record: ModelRecord;
  stored: WeightsRecord;
  heldOut?: HeldOutPredictionsRecord;
}

/** The name people gave a model, or one made of its dataset and date. */
export function modelName(model: Pick<ModelRecord, 'name' | 'datasetName' | 'createdAt'>): string {
  return (
    model.name?.trim() || `${model.datasetName}, ${new Date(model.createdAt).toLocaleString()}`
  );
}

/** Bytes of the weight table (float32): the size of the model in memory and in a bundle. */
export const modelWeightBytes = (model: Pick<ModelRecord, 'featureCount' | 'labels'>): number =>
  (model.featureCount + 1) * model.labels.length * 4;

/** @throws NotFound when the model is gone; InvalidInput for an empty name */
export async function renameModel(db: ShelfwiseDb, modelId: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw appError('InvalidInput', 'A model name cannot be empty');
  const tx = db.transaction('models', 'readwrite');
  const record = await tx.store.get(modelId);
  if (!record) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  await Promise.all([tx.store.put({ ...record, name: trimmed }), tx.done]);
}

/** Removes a model with its weights, held-out and catalogue predictions, in one transaction. */
export async function deleteModel(db: ShelfwiseDb, modelId: string): Promise<void> {
  const tx = db.transaction(
    ['models', 'weights', 'evaluations', 'cataloguePredictions'],
    'readwrite',
  );
  await Promise.all([
    tx.objectStore('models').delete(modelId),
    tx.objectStore('weights').delete(modelWeightsKey(modelId)),
    tx.objectStore('evaluations').delete(modelId),
    tx.objectStore('cataloguePredictions').delete(modelId),
    tx.done,
  ]);
}

/** @throws NotFound when the model or its weights are gone */
export async function readModelContents(db: ShelfwiseDb, modelId: string): Promise<ModelContents> {
  const tx = db.transaction(['models', 'weights', 'evaluations'], 'readonly');
  const [record, stored, heldOut] = await Promise.all([
    tx.objectStore('models').get(modelId),
    tx.objectStore('weights').get(modelWeightsKey(modelId)),
    tx.objectStore('evaluations').get(modelId),
  ]);
  if (!record || !stored) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  return { record, stored, ...(heldOut ? { heldOut } : {}) };
}

/** Stores a model's parts under its record's id, in one transaction. */
export async function putModelContents(
  db: ShelfwiseDb,
  { record, stored, heldOut }: ModelContents,
): Promise<void> {
  const tx = db.transaction(['models', 'weights', 'evaluations'], 'readwrite');
  await Promise.all([
    tx.objectStore('models').put(record),
    tx.objectStore('weights').put({ ...stored, key: modelWeightsKey(record.id) }),
    ...(heldOut ? [tx.objectStore('evaluations').put({ ...heldOut, modelId: record.id })] : []),
    tx.done,
  ]);
}
