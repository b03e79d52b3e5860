import { newId } from '@shared/ids.ts';
import { callback, importWithDetectedColumns, type WorkerHandle } from '../bridge/workers.ts';
import { deleteDataset, readDatasetRows } from '@shared/db/catalogue-store.ts';
import { DEFAULT_TRAIN_OPTIONS, type TextPreset } from '@shared/contracts/train.ts';
import { BEST_BENCH_VALIDATION_SHARE } from '@shared/split.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import type { BenchFigures } from '@shared/bench-figures.ts';
import { levelFigures } from '@shared/taxonomy/level-figures.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import type { TrainApi } from '@shared/contracts/train.ts';
import { appDb } from '../common/db.ts';

export interface BrowserBenchRequest {
  trainCsv: string;
  testCsv: string;
  seed: number;
  /** 'best' holds 10% of the train file out to choose its mix on, as the node bench does. */
  preset?: TextPreset;
}

export interface BrowserBenchResult extends BenchFigures {
  features: number;
}

interface Workers {
  importer: WorkerHandle<ImportApi>;
  trainer: WorkerHandle<TrainApi>;
  classifier: WorkerHandle<ClassifyApi>;
}

function importText(importer: WorkerHandle<ImportApi>, text: string, name: string) {
  return importWithDetectedColumns(
    importer,
    new File([text], `${name}.csv`, { type: 'text/csv' }),
    name,
  );
}

/**
 * The benchmark through the real workers and IndexedDB: import the train file, train on all of
 * it (as the node runtime does), classify every test row, score. Leaves nothing stored.
 */
export async function runBrowserBenchmark(
  { importer, trainer, classifier }: Workers,
  request: BrowserBenchRequest,
): Promise<BrowserBenchResult> {
  const db = await appDb();
  const tensorsBefore = await trainer.api.tensorCount();
  const trainSet = await importText(importer, request.trainCsv, 'benchmark-train');
  const testSet = await importText(importer, request.testCsv, 'benchmark-test');
  try {
    const started = performance.now();
    const model = await trainer.api.train(
      newId('train'),
      {
        datasetId: trainSet.id,
        backend: await trainer.api.currentBackend(),
        options: { ...DEFAULT_TRAIN_OPTIONS, seed: request.seed },
        preset: request.preset ?? 'fast',
        heldOut: {
          validation: request.preset === 'best' ? BEST_BENCH_VALIDATION_SHARE : 0,
          test: 0,
        },
      },
      callback(() => undefined),
    );
    const trainSeconds = (performance.now() - started) / 1000;
    const testRows = await readDatasetRows(db, testSet.id);
    await classifier.api.loadModel(model.id);
    const predictStarted = performance.now();
    const ranked = await classifier.api.classify(
      testRows.map(({ title, description }) => ({ title, description })),
      1,
    );
    const predictSeconds = (performance.now() - predictStarted) / 1000;
    const truth = testRows.map((row) => row.category);
    const predicted = ranked.map((top) => top[0]?.label ?? '');
    const metrics = scorePredictions(truth, predicted);
    return {
      n_train: trainSet.rowCount,
      n_test: testRows.length,
      accuracy: metrics.accuracy,
      macroF1: metrics.macroF1,
      weightedF1: metrics.weightedF1,
      train_s: trainSeconds,
      predict_per_s: testRows.length / predictSeconds,
      backend: model.backend,
      epochs: model.history.length,
      features: model.featureCount,
      leaked_tensors: (await trainer.api.tensorCount()) - tensorsBefore,
      levels: levelFigures(truth, predicted),
    };
  } finally {
    await deleteDataset(db, trainSet.id);
    await deleteDataset(db, testSet.id);
  }
}
