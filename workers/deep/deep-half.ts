import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { DeepModelSummary, FigurePair } from '@shared/db/records/deep-model.ts';
import type { StoredDeepModel } from '@shared/db/records/deep-model.ts';
import { appError } from '@shared/errors.ts';
import { computeMetrics } from '@shared/metrics.ts';
import type { TrainProgress } from '@shared/contracts/train.ts';
import { argmaxRows } from '../model/predict.ts';
import type { TrainingPlan } from '../train/training-plan.ts';
import { deepTextLogits, loadDeepModel } from './deep-model.ts';
import { mixScores } from './ensemble.ts';
import { fitDeepModel, type DeepRecipe } from './fit-deep.ts';
import { datasetEmbeddingStore } from './subword-embeddings.ts';

/** The deep half of a "Best" training run, trained and mixed, ready to score and store. */
export interface DeepHalf {
  stored: StoredDeepModel;
  summary: DeepModelSummary;
  /** The mix's scores of the validation rows, and the temperature fitted on them. */
  validationScores: Float32Array;
  temperature: number;
  /** The mix's scores of the test rows, from the linear model's logits of them. */
  testScores(linearTestLogits: Float32Array): Promise<Float32Array>;
}

function figures(
  scores: Float32Array,
  truth: readonly number[],
  labels: readonly string[],
): FigurePair {
  const metrics = computeMetrics(truth, argmaxRows(scores, labels.length), labels);
  return { accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
}

/**
 * Trains the deep model of a "Best" run on the plan's training rows (its subword vectors learnt
 * from every text of the dataset, or reused) and mixes it with the linear model on the
 * validation rows.
 * @throws NotSupported for a catalogue too large to hold in memory (trained from storage)
 */
export async function trainDeepHalf(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: {
    datasetId: string;
    plan: TrainingPlan;
    linearValidationLogits: Float32Array;
    seed: number;
    recipe?: DeepRecipe;
  },
  onProgress: (progress: TrainProgress) => void,
): Promise<DeepHalf> {
  const { plan } = request;
  if (!plan.inMemory)
    throw appError(
      'NotSupported',
      'The Best preset trains on catalogues of up to 200,000 products; train this one with Fast.',
    );
  const { texts, split } = plan.inMemory;
  const fitted = await fitDeepModel(
    signal,
    {
      datasetId: request.datasetId,
      pretrainTexts: texts,
      store: datasetEmbeddingStore(db, request.datasetId),
      labels: plan.labels,
      train: split.train,
      validation: split.validation,
      linearValidationLogits: request.linearValidationLogits,
      seed: request.seed,
      recipe: request.recipe,
    },
    onProgress,
  );
  const { stored, loaded, chosen } = fitted;
  const classCount = plan.labels.length;
  const truth = split.validation.classes;
  const validationScores = mixScores(
    request.linearValidationLogits,
    fitted.validationLogits,
    classCount,
    stored.mix,
  );
  const summary: DeepModelSummary = {
    architecture: stored.shape.architecture,
    weight: stored.mix.weight,
    validation:
      truth.length > 0
        ? {
            linear: figures(request.linearValidationLogits, truth, plan.labels),
            deep: figures(fitted.validationLogits, truth, plan.labels),
            mixed: figures(validationScores, truth, plan.labels),
          }
        : null,
    pretrainTexts: stored.pretrain.texts,
    pretrainReused: stored.pretrain.reused,
    pretrainMs: stored.pretrain.trainMs,
    deepMs: stored.trainMs,
  };
  return {
    stored,
    summary,
    validationScores,
    temperature: chosen.temperature,
    testScores: async (linearTestLogits) =>
      mixScores(
        linearTestLogits,
        await deepTextLogits(loaded, split.test.texts),
        classCount,
        stored.mix,
      ),
  };
}

/** The mix's scores of a stored "Best" model on the plan's test rows (a retrain's comparison). */
export async function storedMixScores(
  stored: StoredDeepModel,
  linearTestLogits: Float32Array,
  plan: TrainingPlan,
): Promise<Float32Array> {
  if (!plan.inMemory) return linearTestLogits;
  const deep = await deepTextLogits(loadDeepModel(stored), plan.inMemory.split.test.texts);
  return mixScores(linearTestLogits, deep, plan.labels.length, stored.mix);
}
