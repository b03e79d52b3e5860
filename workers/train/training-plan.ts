import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { SplitPositions, SavedTensor } from '@shared/db/records/model.ts';
import { computeMetrics, type ClassificationMetrics } from '@shared/metrics.ts';
import type { HeldOutShares } from '@shared/contracts/train.ts';
import { featureCount, FeatureIndex, type FeatureSpace } from '../text/feature-space.ts';
import { createLinearModel } from '../model/linear-model.ts';
import { argmaxRows } from '../model/predict.ts';
import { predictTextLogits } from '../model/predict-texts.ts';
import {
  fitFromSource,
  fitTextModel,
  type FitHooks,
  type FitInput,
  type FittedTextModel,
} from './fit-text-model.ts';
import { Part, readCompactCorpus } from './compact-corpus.ts';
import { StreamedSource } from './streamed-source.ts';
import { readTrainingCorpus } from './training-corpus.ts';
import { splitCorpus, type FixedSplit } from './training-rows.ts';

/** Catalogues with more rows than this train from storage instead of texts held in memory. */
export const STREAM_ABOVE_ROWS = 200_000;

export type HeldOutPart = 'validation' | 'test';

export interface ScoredPart {
  classes: number[];
  logits: Float32Array;
  metrics: ClassificationMetrics;
}

/** A dataset split and ready to train on, wherever its texts are. */
export interface TrainingPlan {
  labels: string[];
  excludedLabels: string[];
  positions: SplitPositions;
  rows: { train: number; validation: number; test: number };
  fit(
    signal: AbortSignal | undefined,
    input: Pick<FitInput, 'labels' | 'options' | 'resume' | 'warmStart'>,
    hooks: FitHooks,
  ): Promise<FittedTextModel>;
  /** Scores a model on a held-out part; the weight table and index serve every part. */
  scorer(space: FeatureSpace, weights: SavedTensor[]): (part: HeldOutPart) => Promise<ScoredPart>;
}

export interface PlanRequest {
  datasetId: string;
  rowCount: number;
  seed: number;
  heldOut: HeldOutShares;
  minClassSize: number;
  fixed?: FixedSplit;
  /** Defaults to STREAM_ABOVE_ROWS; tests lower it to stream a small catalogue. */
  streamAboveRows?: number;
}

function modelOf(space: FeatureSpace, weights: SavedTensor[], labels: readonly string[]) {
  return {
    model: createLinearModel(featureCount(space), labels.length, weights),
    index: new FeatureIndex(space),
  };
}

/**
 * Reads and splits a dataset for training: all its texts in memory for a catalogue of up to
 * `streamAboveRows` rows, otherwise only a class id and split part per row, the texts
 * streamed from storage for every pass.
 */
export async function planTraining(db: ShelfwiseDb, request: PlanRequest): Promise<TrainingPlan> {
  const { datasetId, seed, heldOut, minClassSize, fixed } = request;
  if (request.rowCount > (request.streamAboveRows ?? STREAM_ABOVE_ROWS)) {
    const corpus = await readCompactCorpus(db, datasetId, seed, heldOut, minClassSize, fixed);
    const source = new StreamedSource(db, corpus);
    return {
      labels: corpus.labels,
      excludedLabels: corpus.excludedLabels,
      positions: corpus.positions,
      rows: {
        train: corpus.positions.train.length,
        validation: corpus.positions.validation.length,
        test: corpus.positions.test.length,
      },
      async fit(signal, input, hooks) {
        hooks.onProgress?.({ kind: 'prepare', stage: 'vocabulary' });
        const space =
          input.resume?.space ?? input.warmStart?.space ?? (await source.fitSpace(signal));
        return fitFromSource(
          signal,
          space,
          source.withIndex(new FeatureIndex(space)),
          input,
          hooks,
        );
      },
      scorer(space, weights) {
        const { model, index } = modelOf(space, weights, corpus.labels);
        return async (part) => {
          const id = part === 'test' ? Part.Test : Part.Validation;
          const classes = source.classesOf(id);
          const logits = await source.partLogits(id, model, index);
          const predicted = argmaxRows(logits, corpus.labels.length);
          return { classes, logits, metrics: computeMetrics(classes, predicted, corpus.labels) };
        };
      },
    };
  }
  const corpus = await readTrainingCorpus(db, datasetId);
  const split = splitCorpus(corpus, seed, heldOut, minClassSize, fixed);
  const { labels } = split;
  return {
    labels,
    excludedLabels: split.excludedLabels,
    positions: split.positions,
    rows: {
      train: split.train.texts.length,
      validation: split.validation.texts.length,
      test: split.test.texts.length,
    },
    fit: (signal, input, hooks) =>
      fitTextModel(signal, { ...input, train: split.train, validation: split.validation }, hooks),
    scorer(space, weights) {
      const { model, index } = modelOf(space, weights, labels);
      return async (part) => {
        const { texts, classes } = split[part];
        const logits = await predictTextLogits(model, index, texts);
        const predicted = argmaxRows(logits, labels.length);
        return {
          classes: [...classes],
          logits,
          metrics: computeMetrics(classes, predicted, labels),
        };
      };
    },
  };
}
