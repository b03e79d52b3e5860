import { appError, rethrowQuota } from '../../src/shared/errors.ts';
import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import {
  modelWeightsKey,
  runWeightsKey,
  type HeldOutPredictionsRecord,
  type ModelRecord,
  type RunCheckpointRecord,
  type SplitPositions,
  type WeightsRecord,
} from '../../src/shared/db/schema.ts';
import type { FeatureSpace, SavedTensor, TrainCheckpoint } from '../../src/shared/model-types.ts';
import type { StoredDeepModel } from '../../src/shared/deep-model-types.ts';

/** Writes a run's latest epoch: the light record and its weights, in one transaction. */
export async function saveCheckpoint(
  db: ShelfwiseDb,
  run: Omit<RunCheckpointRecord, 'checkpoint'>,
  checkpoint: TrainCheckpoint,
): Promise<void> {
  const { epoch, bestEpoch, history, space, weights, bestWeights } = checkpoint;
  const write = async () => {
    const tx = db.transaction(['checkpoints', 'weights'], 'readwrite');
    await Promise.all([
      tx.objectStore('checkpoints').put({ ...run, checkpoint: { epoch, bestEpoch, history } }),
      tx.objectStore('weights').put({ key: runWeightsKey(run.runId), space, weights, bestWeights }),
      tx.done,
    ]);
  };
  await write().catch(
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

/**
 * Saves a trained model with its weights (and its held-out predictions, when given). A
 * finished run's checkpoint goes in the same transaction; a cancelled run keeps it, so it
 * can still be resumed to the end.
 */
export async function saveModel(
  db: ShelfwiseDb,
  record: ModelRecord,
  space: FeatureSpace,
  weights: SavedTensor[],
  finishedRunId: string | null,
  extras: {
    split?: SplitPositions;
    heldOut?: HeldOutPredictionsRecord;
    deep?: StoredDeepModel;
  } = {},
): Promise<void> {
  const { split, heldOut, deep } = extras;
  const tx = db.transaction(['models', 'checkpoints', 'weights', 'evaluations'], 'readwrite');
  const stored: WeightsRecord = {
    key: modelWeightsKey(record.id),
    space,
    weights,
    bestWeights: null,
    ...(split ? { split } : {}),
    ...(deep ? { deep } : {}),
  };
  await Promise.all([
    tx.objectStore('models').put(record),
    tx.objectStore('weights').put(stored),
    ...(heldOut ? [tx.objectStore('evaluations').put(heldOut)] : []),
    ...(finishedRunId
      ? [
          tx.objectStore('checkpoints').delete(finishedRunId),
          tx.objectStore('weights').delete(runWeightsKey(finishedRunId)),
        ]
      : []),
    tx.done,
  ]).catch(
    rethrowQuota(
      `Browser storage is full: the trained model could not be saved.${finishedRunId ? ' The run’s last checkpoint is kept, so it can be resumed once there is room.' : ''}`,
    ),
  );
}

export async function readModel(
  db: ShelfwiseDb,
  modelId: string,
): Promise<{ record: ModelRecord; stored: WeightsRecord }> {
  const tx = db.transaction(['models', 'weights'], 'readonly');
  const [record, stored] = await Promise.all([
    tx.objectStore('models').get(modelId),
    tx.objectStore('weights').get(modelWeightsKey(modelId)),
  ]);
  if (!record || !stored) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  return { record, stored };
}
