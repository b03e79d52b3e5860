import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { readHeldOutPredictions } from '@shared/db/evaluation-store.ts';
import { correctness, topConfidences } from '@shared/evaluation/held-out-predictions.ts';
import { confidenceBins, expectedCalibrationError } from '@shared/evaluation/reliability.ts';
import { topKAccuracy } from '@shared/evaluation/top-k.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { runTrainJob } from '../../workers/train/train-job.ts';
import { useWasmBackend } from './tf-setup.ts';
import { datasetRecord, readStoredRows } from './catalogue-fixture.ts';

describe('a training run keeps its held-out predictions', () => {
  beforeAll(useWasmBackend);

  // The small fixture is nearly separable (its validation NLL falls close to 0); the demo's
  // 20 fashion categories overlap, so there the fitted temperature has real errors to weigh.
  it.each([
    ['small-catalogue', 'tests/fixtures/small-catalogue.csv'],
    ['demo', 'public/demo/catalogue.csv'],
  ])(
    '%s: stores each test row with its product, truth, ranked classes and calibrated probabilities',
    async (name, path) => {
      const rows = readStoredRows(path);
      const dataset = datasetRecord(name, rows);
      const db = await openShelfwiseDb(`held-out-${Math.random().toString(36).slice(2)}`);
      await db.put('datasets', dataset);
      await db.put('rowChunks', { datasetId: dataset.id, chunk: 0, rows });
      const before = tf.memory().numTensors;

      const model = await runTrainJob(
        db,
        undefined,
        {
          datasetId: dataset.id,
          backend: 'wasm',
          options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 8 },
        },
        () => undefined,
      );
      expect(tf.memory().numTensors).toBe(before);

      const stored = await readHeldOutPredictions(db, model.id);
      if (!stored) throw new Error('no held-out predictions were stored');
      const { metrics, testRows } = model.evaluation;
      expect(stored.k).toBe(5);
      expect(stored.positions).toHaveLength(testRows);
      expect(stored.topClasses).toHaveLength(testRows * 5);
      // Each stored position is the dataset row of that test product.
      stored.positions.forEach((position, r) =>
        expect(rows[position]?.category).toBe(model.labels[stored.truth[r] ?? -1]),
      );
      // The stored ranking agrees with the reported figures.
      expect(topKAccuracy(stored, 1)).toBeCloseTo(metrics.accuracy, 10);
      expect(metrics.top3Accuracy).toBeCloseTo(topKAccuracy(stored, 3), 10);
      expect(metrics.top3Accuracy ?? 0).toBeGreaterThanOrEqual(metrics.accuracy);
      expect(stored.temperature).toBe(model.temperature);

      // Calibration: the temperature fitted on validation rows lowers their NLL...
      console.log(
        `${name}: T=${stored.temperature} validation NLL ${stored.validationNll.raw.toFixed(3)} -> ${stored.validationNll.calibrated.toFixed(3)}`,
      );
      expect(stored.temperature).not.toBe(1);
      expect(stored.validationNll.calibrated).toBeLessThan(stored.validationNll.raw);
      // ...and carries over to the test rows it never saw: the calibration error falls.
      const correct = correctness(stored);
      const ece = (probabilities: Float32Array) =>
        expectedCalibrationError(confidenceBins(topConfidences(probabilities, stored.k), correct));
      const rawEce = ece(stored.rawProbabilities);
      const calibratedEce = ece(stored.calibratedProbabilities);
      console.log(`${name}: test ECE ${rawEce.toFixed(3)} -> ${calibratedEce.toFixed(3)}`);
      expect(calibratedEce).toBeLessThan(rawEce);
      db.close();
    },
  );
});
