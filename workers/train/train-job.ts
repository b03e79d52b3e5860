import { newId } from '@shared/ids.ts';
import { HELD_OUT } from '@shared/split.ts';
import { appError, throwIfAborted } from '@shared/errors.ts';
import type { TrainJobProgress, TrainRequest, TrainOptions } from '@shared/contracts/train.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import type { ModelRecord, RetrainComparison } from '@shared/db/records/model.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import { featureCount } from '../text/feature-space.ts';
import { resolveEpochs } from './fit-text-model.ts';
import { readCheckpoint, readModel, saveCheckpoint, saveModel } from '@shared/db/model-store.ts';
import { fitTemperature, meanNegativeLogLikelihood } from '../model/calibrate.ts';
import { rankLogits } from '@shared/evaluation/held-out-predictions.ts';
import { topKAccuracy } from '@shared/evaluation/top-k.ts';
import { splitRows } from './training-rows.ts';
import { planTraining, type PlanRequest } from './training-plan.ts';
import { asBackendFailure, MemoryGuard } from '../backend/memory-guard.ts';

export { splitRows };
import { evaluateHierarchy } from '../taxonomy/evaluate-hierarchy.ts';
import { argmaxRows, softmaxRows } from '../model/predict.ts';
import { storedMixScores, trainDeepHalf } from '../deep/deep-half.ts';
import { computeMetrics } from '@shared/metrics.ts';
import type { ScoredPart } from './training-plan.ts';

/** A held-out part's figures recomputed from other scores of the same rows (the mix's). */
function rescored(part: ScoredPart, logits: Float32Array, labels: readonly string[]): ScoredPart {
  const predicted = argmaxRows(logits, labels.length);
  return {
    classes: part.classes,
    logits,
    metrics: computeMetrics(part.classes, predicted, labels),
  };
}

/** Classes kept per held-out row for the evaluation views (top-3 accuracy, drill-downs). */
export const HELD_OUT_TOP_K = 5;

/** A retrain continues from its base model's weights, so half the passes suffice. */
function warmStartOptions(options: TrainOptions, trainRows: number): TrainOptions {
  return { ...options, epochs: Math.max(2, Math.ceil(resolveEpochs(options, trainRows) / 2)) };
}

function countIn(positions: Int32Array, corrected: ReadonlySet<number>): number {
  return positions.reduce((count, position) => count + (corrected.has(position) ? 1 : 0), 0);
}

/**
 * Trains a model on a stored dataset, with the shop's corrections applied: seeded stratified
 * split, checkpoint every epoch, evaluation on the held-out test rows, model saved to
 * IndexedDB. Cancelling keeps the best weights so far as a partial model and leaves the
 * checkpoint for a resume. With `warmStartModelId` it retrains that model on the same split
 * and records how both do on the same held-out rows.
 */
export async function runTrainJob(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  input: TrainRequest,
  onProgress: (progress: TrainJobProgress) => void,
  tuning: Partial<Pick<PlanRequest, 'streamAboveRows'>> = {},
): Promise<ModelRecord> {
  const started = performance.now();
  const dataset = await db.get('datasets', input.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${input.datasetId} no longer exists`);
  const resume = input.resumeRunId ? await readCheckpoint(db, input.resumeRunId) : undefined;
  const baseId = input.warmStartModelId ?? resume?.run.warmStartModelId;
  const base = baseId ? await readModel(db, baseId) : undefined;
  const runId = resume?.run.runId ?? newId('run');
  onProgress({ kind: 'started', runId });
  onProgress({ kind: 'prepare', stage: 'reading' });
  const chosen = resume?.run.options ?? base?.record.options ?? input.options;
  const preset = resume?.run.preset ?? base?.record.preset ?? input.preset ?? 'fast';
  const [plan, corrections] = await Promise.all([
    planTraining(db, {
      datasetId: input.datasetId,
      rowCount: dataset.rowCount,
      seed: chosen.seed,
      heldOut: input.heldOut ?? HELD_OUT,
      minClassSize: chosen.minClassSize ?? 1,
      fixed: base ? { labels: base.record.labels, split: base.stored.split } : undefined,
      streamAboveRows: tuning.streamAboveRows,
    }),
    readCorrections(db, input.datasetId),
  ]);
  const { labels, positions, excludedLabels } = plan;
  const options = base && !resume ? warmStartOptions(chosen, plan.rows.train) : chosen;
  if (labels.length < 2)
    throw appError(
      'InvalidInput',
      `Training needs at least two categories; "${dataset.name}" has ${labels.length}` +
        (excludedLabels.length ? ` once ${excludedLabels.length} small ones are left out.` : '.'),
    );
  throwIfAborted(signal);

  const guard = new MemoryGuard(input.backend);
  const fitted = await plan
    .fit(
      signal,
      {
        labels,
        options,
        resume: resume?.checkpoint,
        warmStart: base ? { space: base.stored.space, weights: base.stored.weights } : undefined,
      },
      {
        onProgress,
        beforeBatch: (epoch) => guard.check(epoch),
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
              ...(base ? { warmStartModelId: base.record.id } : {}),
              ...(preset === 'best' ? { preset } : {}),
            },
            checkpoint,
          ),
      },
    )
    .catch((error: unknown) => {
      // Typed, so that the page can continue the run on another backend from its checkpoint.
      throw asBackendFailure(error, input.backend, guard.epoch, signal);
    });

  const score = plan.scorer(fitted.space, fitted.weights);
  const validationScore = await score('validation');
  // "Best": a deep model beside the linear one, mixed on the validation rows.
  const deep =
    preset === 'best' && !fitted.cancelled
      ? await trainDeepHalf(
          db,
          signal,
          {
            datasetId: dataset.id,
            plan,
            linearValidationLogits: validationScore.logits,
            seed: options.seed,
          },
          onProgress,
        ).catch((error: unknown) => {
          throw asBackendFailure(error, input.backend, guard.epoch, signal);
        })
      : null;
  onProgress({ kind: 'evaluate' });
  const validationLogits = deep?.validationScores ?? validationScore.logits;
  const validation = { classes: validationScore.classes };
  const temperature =
    deep?.temperature ?? fitTemperature(validationLogits, labels.length, validation.classes);
  const linearTest = await score('test');
  const test = deep
    ? rescored(linearTest, await deep.testScores(linearTest.logits), labels)
    : linearTest;
  const { logits, metrics } = test;
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
  // With fewer than three classes every class is in the top three.
  metrics.top3Accuracy =
    test.classes.length > 0 ? topKAccuracy(heldOut, Math.min(3, heldOut.k)) : null;
  let comparison: RetrainComparison | undefined;
  if (base) {
    const corrected = new Set(corrections.keys());
    const baseTest = await plan.scorer(base.stored.space, base.stored.weights)('test');
    const before = base.stored.deep
      ? rescored(baseTest, await storedMixScores(base.stored.deep, baseTest.logits, plan), labels)
      : baseTest;
    comparison = {
      baseModelId: base.record.id,
      before: before.metrics,
      correctedTrainingRows: countIn(positions.train, corrected),
      correctedHeldOutRows:
        countIn(positions.validation, corrected) + countIn(positions.test, corrected),
    };
  }
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
      testRows: plan.rows.test,
      trainRows: plan.rows.train,
      validationRows: plan.rows.validation,
      hierarchy: evaluateHierarchy(
        labels,
        softmaxRows(logits.slice(), labels.length, temperature),
        test.classes,
        undefined,
        input.separator,
      ),
    },
    partial: fitted.cancelled,
    temperature,
    ...(deep ? { preset: 'best' as const, deepSummary: deep.summary } : {}),
    ...(excludedLabels.length ? { excludedLabels } : {}),
    ...(comparison ? { comparison } : {}),
  };
  const stored = { key: '', space: fitted.space, weights: fitted.weights, bestWeights: null };
  await saveModel(
    db,
    {
      record,
      stored: { ...stored, split: positions, ...(deep ? { deep: deep.stored } : {}) },
      heldOut,
    },
    fitted.cancelled ? null : runId,
  );
  return record;
}
