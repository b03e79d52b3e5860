/**
 * The one store of text models: a model is its record, its weights (with the split it was
 * trained on) and its held-out predictions, always written and deleted together; an
 * unfinished run is its checkpoint record and the weights of its latest epoch.
 */
import { appError, rethrowQuota } from '../errors.ts';
import type { TrainCheckpoint } from '../contracts/train.ts';
import type { ShelfwiseDb } from './schema.ts';
import type { HeldOutPredictionsRecord } from './records/evaluation.ts';
import {
  modelWeightsKey,
  runWeightsKey,
  type ModelRecord,
  type RunCheckpointRecord,
  type WeightsRecord,
} from './records/model.ts';

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

/** @throws NotFound when the model or its weights are gone */
export async function readModel(db: ShelfwiseDb, modelId: string): Promise<ModelContents> {
  const tx = db.transaction(['models', 'weights', 'evaluations'], 'readonly');
  const [record, stored, heldOut] = await Promise.all([
    tx.objectStore('models').get(modelId),
    tx.objectStore('weights').get(modelWeightsKey(modelId)),
    tx.objectStore('evaluations').get(modelId),
  ]);
  if (!record || !stored) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  return { record, stored, ...(heldOut ? { heldOut } : {}) };
}

/**
 * Stores a model's parts under its record's id, in one transaction. A finished run's
 * checkpoint goes in the same transaction; a cancelled run keeps it, so it can still be
 * resumed to the end.
 * @throws QuotaExceeded, saying what was kept
 */
export async function saveModel(
  db: ShelfwiseDb,
  { record, stored, heldOut }: ModelContents,
  finishedRunId: string | null = null,
): Promise<void> {
  const tx = db.transaction(['models', 'checkpoints', 'weights', 'evaluations'], 'readwrite');
  await Promise.all([
    tx.objectStore('models').put(record),
    tx.objectStore('weights').put({ ...stored, key: modelWeightsKey(record.id) }),
    ...(heldOut ? [tx.objectStore('evaluations').put({ ...heldOut, modelId: record.id })] : []),
    ...(finishedRunId
      ? [
          tx.objectStore('checkpoints').delete(finishedRunId),
          tx.objectStore('weights').delete(runWeightsKey(finishedRunId)),
        ]
      : []),
    tx.done,
  ]).catch(
    rethrowQuota(
      `Browser storage is full: the model could not be saved.${finishedRunId ? ' The run’s last checkpoint is kept, so it can be resumed once there is room.' : ''}`,
    ),
  );
}

/** @throws NotFound when the model is gone; InvalidInput for an empty name */
export async function renameModel(db: ShelfwiseDb, modelId: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw appError('InvalidInput', 'A model name cannot be empty');
  const tx = db.transaction('models', 'readwrite');
  const record = await tx.store.get(modelId);
  if (!record) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  await Promise.all([tx.store.put({ ...record, name: trimmed }), tx.done]);
}

/** Removes a model with its weights, held-out and catalogue predictions and cross-check, in one transaction. */
export async function deleteModel(db: ShelfwiseDb, modelId: string): Promise<void> {
  const tx = db.transaction(
    ['models', 'weights', 'evaluations', 'cataloguePredictions', 'crossChecks'],
    'readwrite',
  );
  await Promise.all([
    tx.objectStore('models').delete(modelId),
    tx.objectStore('weights').delete(modelWeightsKey(modelId)),
    tx.objectStore('evaluations').delete(modelId),
    tx.objectStore('cataloguePredictions').delete(modelId),
    tx.objectStore('crossChecks').delete(modelId),
    tx.done,
  ]);
}

/** Writes a run's latest epoch: the light record and its weights, in one transaction. */
export async function saveCheckpoint(
  db: ShelfwiseDb,
  run: Omit<RunCheckpointRecord, 'checkpoint'>,
  checkpoint: TrainCheckpoint,
): Promise<void> {
  const { epoch, bestEpoch, history, space, weights, bestWeights } = checkpoint;
  const tx = db.transaction(['checkpoints', 'weights'], 'readwrite');
  await Promise.all([
    tx.objectStore('checkpoints').put({ ...run, checkpoint: { epoch, bestEpoch, history } }),
    tx.objectStore('weights').put({ key: runWeightsKey(run.runId), space, weights, bestWeights }),
    tx.done,
  ]).catch(
    rethrowQuota(
      `Browser storage is full: the checkpoint of epoch ${epoch} could not be saved. The previous checkpoint is kept, so the run can be resumed once there is room.`,
    ),
  );
}

/** A stored run with its weights, ready to resume; throws NotFound if either is gone. */
export async function readCheckpoint(
  db: ShelfwiseDb,
  runId: string,
): Promise<{ run: RunCheckpointRecord; checkpoint: TrainCheckpoint }> {
  const tx = db.transaction(['checkpoints', 'weights'], 'readonly');
  const [run, stored] = await Promise.all([
    tx.objectStore('checkpoints').get(runId),
    tx.objectStore('weights').get(runWeightsKey(runId)),
  ]);
  if (!run || !stored) throw appError('NotFound', `No checkpoint left for run ${runId}`);
  const { space, weights, bestWeights } = stored;
  return { run, checkpoint: { ...run.checkpoint, space, weights, bestWeights } };
}
