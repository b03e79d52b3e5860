import { appError, throwIfAborted } from '../../src/shared/errors.ts';
import { computeMetrics } from '../../src/shared/metrics.ts';
import type { HeldOutShares, TrainJobProgress, TrainRequest } from '../../src/shared/worker-api.ts';
import { stratifiedSplit } from '../../src/shared/split.ts';
import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import type {
  HeldOutPredictionsRecord,
  ModelRecord,
  StoredRow,
} from '../../src/shared/db/schema.ts';
import { readDatasetRows } from '../../src/shared/db/catalogue-store.ts';
import { featureCount, FeatureIndex } from '../text/feature-space.ts';
import { createLinearModel } from '../model/linear-model.ts';
import { argmaxRows, predictLogits } from '../model/predict.ts';
import { fitTextModel } from './fit-text-model.ts';
import { readCheckpoint, saveCheckpoint, saveModel } from './model-store.ts';
import { fitTemperature, meanNegativeLogLikelihood } from '../model/calibrate.ts';
import { rankLogits } from '../../src/shared/evaluation/held-out-predictions.ts';
import { topKAccuracy } from '../../src/shared/evaluation/top-k.ts';
import { productText } from '../text/product-text.ts';

/** Shares of each class held out: test gives the reported figures, validation drives early stopping. */
export const HELD_OUT: HeldOutShares = { validation: 0.1, test: 0.15 };

/** Classes kept per held-out row for the evaluation views (top-3 accuracy, drill-downs). */
export const HELD_OUT_TOP_K = 5;

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function splitRows(
  rows: readonly StoredRow[],
  seed: number,
  heldOut: HeldOutShares = HELD_OUT,
) {
  const labels = [...new Set(rows.map((row) => row.category))].sort();
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const classes = rows.map((row) => classOf.get(row.category) as number);
  const split = stratifiedSplit(classes, heldOut, seed);
  const part = (ids: number[]) => ({
    texts: ids.map((i) => productText(rows[i] as StoredRow)),
    classes: ids.map((i) => classes[i] as number),
  });
  return {
    labels,
    train: part(split.train),
    validation: part(split.validation),
    test: part(split.test),
    /** Dataset row positions of each part, to find the products behind a figure. */
    positions: split,
  };
}

/**
 * Trains a model on a stored dataset: seeded stratified split, checkpoint every epoch,
 * evaluation on the held-out test rows, model saved to IndexedDB. Cancelling keeps the
 * best weights so far as a partial model and leaves the checkpoint for a resume.
 */
export async function runTrainJob(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  input: TrainRequest,
  onProgress: (progress: TrainJobProgress) => void,
): Promise<ModelRecord> {
  const started = performance.now();
  const dataset = await db.get('datasets', input.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${input.datasetId} no longer exists`);
  const resume = input.resumeRunId ? await readCheckpoint(db, input.resumeRunId) : undefined;
  const options = resume?.run.options ?? input.options;
  const runId = resume?.run.runId ?? newRunId();
  onProgress({ kind: 'started', runId });
  onProgress({ kind: 'prepare', stage: 'Reading the catalogue' });
  const rows = await readDatasetRows(db, input.datasetId);
  const { labels, train, validation, test, positions } = splitRows(
    rows,
    options.seed,
    input.heldOut,
  );
  if (labels.length < 2)
    throw appError(
      'InvalidInput',
      `Training needs at least two categories; "${dataset.name}" has ${labels.length}.`,
    );
  throwIfAborted(signal);

  const fitted = await fitTextModel(
    signal,
    { labels, train, validation, options, resume: resume?.checkpoint },
    {
      onProgress,
      onCheckpoint: (checkpoint) =>
        saveCheckpoint(
          db,
          {
            runId,
            datasetId: dataset.id,
            datasetName: dataset.name,
            options,
            backend: input.backend,
            updatedAt: Date.now(),
          },
          checkpoint,
        ),
    },
  );

  onProgress({ kind: 'evaluate' });
  const model = createLinearModel(featureCount(fitted.space), labels.length, fitted.weights);
  const index = new FeatureIndex(fitted.space);
  const validationLogits = await predictLogits(
    model,
    validation.texts.map((text) => index.vectorize(text)),
  );
  const temperature = fitTemperature(validationLogits, labels.length, validation.classes);
  const logits = await predictLogits(
    model,
    test.texts.map((text) => index.vectorize(text)),
  );
  const predicted = argmaxRows(logits, labels.length);
  const modelId = runId.replace(/^run-/, 'model-');
  const heldOut: HeldOutPredictionsRecord = {
    modelId,
    datasetId: dataset.id,
    k: Math.min(HELD_OUT_TOP_K, labels.length),
    positions: Int32Array.from(positions.test),
    truth: Int32Array.from(test.classes),
    ...rankLogits(logits, labels.length, HELD_OUT_TOP_K, temperature),
    temperature,
    validationNll: {
      raw: meanNegativeLogLikelihood(validationLogits, labels.length, validation.classes, 1),
      calibrated: meanNegativeLogLikelihood(
        validationLogits,
        labels.length,
        validation.classes,
        temperature,
      ),
    },
  };
  const metrics = computeMetrics(test.classes, predicted, labels);
  // With fewer than three classes every class is in the top three.
  metrics.top3Accuracy =
    test.classes.length > 0 ? topKAccuracy(heldOut, Math.min(3, heldOut.k)) : null;
  const record: ModelRecord = {
    id: modelId,
    datasetId: dataset.id,
    datasetName: dataset.name,
    createdAt: Date.now(),
    labels,
    featureCount: featureCount(fitted.space),
    options,
    history: fitted.history,
    bestEpoch: fitted.bestEpoch,
    backend: input.backend,
    trainMs: performance.now() - started,
    evaluation: {
      metrics,
      testRows: test.texts.length,
      trainRows: train.texts.length,
      validationRows: validation.texts.length,
    },
    partial: fitted.cancelled,
    temperature,
  };
  await saveModel(
    db,
    record,
    fitted.space,
    fitted.weights,
    fitted.cancelled ? null : runId,
    heldOut,
  );
  return record;
}
