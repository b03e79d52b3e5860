import type { CataloguePredictionsRecord, ReviewLogRecord } from '@shared/db/records/review.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { readDatasetCategories } from '@shared/db/catalogue-store.ts';
import { readCorrections, readReviewLog } from '@shared/db/corrections.ts';
import { appDb } from '../../common/db.ts';

/** Predictions for every product of the catalogue, with the labels their class ids name. */
export interface QueueSource {
  predictions: CataloguePredictionsRecord;
  labels: readonly string[];
  /** Each product judged by a model that never saw it. */
  crossChecked: boolean;
  /** The model these predictions came from (or the one cross-checked). */
  modelId: string;
}

export interface Catalogue {
  /** Each row's category as imported. */
  imported: string[];
  /** Labels with the shop's corrections applied. */
  labels: string[];
  log: ReviewLogRecord[];
}

/**
 * Where the review queue comes from, best first: this model's cross-check, else the newest
 * cross-check of the catalogue by a model still here (decisions since are left out of the
 * queue, so it stays useful after a retrain), else the model's own predictions of the
 * catalogue, which miss the label errors it has learnt by heart.
 */
export async function readQueueSource(
  model: ModelRecord,
  models: readonly ModelRecord[],
): Promise<QueueSource | null> {
  const db = await appDb();
  const own = await db.get('crossChecks', model.id);
  if (own) return { predictions: own, labels: model.labels, crossChecked: true, modelId: model.id };
  const byId = new Map(models.map((m) => [m.id, m]));
  const others = (await db.getAllFromIndex('crossChecks', 'byDataset', model.datasetId))
    .filter((record) => byId.has(record.modelId))
    .sort((a, b) => b.createdAt - a.createdAt);
  const newest = others[0];
  const owner = newest ? byId.get(newest.modelId) : undefined;
  if (newest && owner)
    return { predictions: newest, labels: owner.labels, crossChecked: true, modelId: owner.id };
  const quick = await db.get('cataloguePredictions', model.id);
  return quick
    ? { predictions: quick, labels: model.labels, crossChecked: false, modelId: model.id }
    : null;
}

/** The catalogue as the queue needs it: labels only; the product on screen is read alone. */
export async function readCatalogue(datasetId: string): Promise<Catalogue> {
  const db = await appDb();
  const [imported, corrections, log] = await Promise.all([
    readDatasetCategories(db, datasetId),
    readCorrections(db, datasetId),
    readReviewLog(db, datasetId),
  ]);
  const labels = imported.map((category, p) => corrections.get(p)?.label ?? category);
  return { imported, labels, log };
}
