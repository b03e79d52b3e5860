import { appError } from '../errors.ts';
import type { ShelfwiseDb } from './open.ts';
import type { HeldOutPredictionsRecord } from './records/evaluation.ts';

/** The threshold a model uses until someone moves its coverage dial. */
export const DEFAULT_AUTO_LABEL_THRESHOLD = 0.8;

/** A model's held-out predictions; undefined for models trained before they were kept. */
export function readHeldOutPredictions(
  db: ShelfwiseDb,
  modelId: string,
): Promise<HeldOutPredictionsRecord | undefined> {
  return db.get('evaluations', modelId);
}

/**
 * The confidence at or above which a model's predictions are applied without review: the
 * one chosen in its coverage dial, else DEFAULT_AUTO_LABEL_THRESHOLD.
 * @throws NotFound when the model is gone.
 */
export async function readAutoLabelThreshold(db: ShelfwiseDb, modelId: string): Promise<number> {
  const model = await db.get('models', modelId);
  if (!model) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  return model.autoLabelThreshold ?? DEFAULT_AUTO_LABEL_THRESHOLD;
}

/**
 * Keeps a model's auto-label threshold on its record.
 * @throws InvalidInput unless 0 ≤ threshold ≤ 1; NotFound when the model is gone.
 */
export async function saveAutoLabelThreshold(
  db: ShelfwiseDb,
  modelId: string,
  threshold: number,
): Promise<void> {
  if (!(threshold >= 0 && threshold <= 1))
    throw appError('InvalidInput', `threshold must be between 0 and 1, got ${threshold}`);
  const tx = db.transaction('models', 'readwrite');
  const model = await tx.store.get(modelId);
  if (!model) throw appError('NotFound', `Model ${modelId} is no longer stored`);
  await Promise.all([tx.store.put({ ...model, autoLabelThreshold: threshold }), tx.done]);
}
