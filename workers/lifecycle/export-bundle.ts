import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readModel, type ModelContents } from '@shared/db/model-store.ts';
import { readLabelledRows } from '@shared/db/corrections.ts';
import { computeMetrics } from '@shared/metrics.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import type {
  BundleExport,
  QuantizationEffect,
  WeightPrecision,
} from '@shared/contracts/lifecycle.ts';
import { createLinearModel } from '../model/linear-model.ts';
import { argmaxRows, predictLogits, softmaxRows } from '../model/predict.ts';
import { FeatureIndex, featureCount } from '../text/feature-space.ts';
import { productText } from '../text/product-text.ts';
import { readModelBundle, writeModelBundle, zipFiles } from './model-bundle.ts';

/** Calibrated probabilities of the test rows under one set of weights. */
async function testProbabilities(contents: ModelContents, texts: readonly string[]) {
  const { record, stored } = contents;
  const model = createLinearModel(featureCount(stored.space), record.labels.length, stored.weights);
  const index = new FeatureIndex(stored.space);
  const logits = await predictLogits(
    model,
    texts.map((text) => index.vectorize(text)),
  );
  return softmaxRows(logits, record.labels.length, record.temperature);
}

/**
 * Judges the exported weights against the stored ones on the model's held-out test rows
 * (labels with the shop's corrections): accuracy and macro-F1 of both, and how many top
 * categories changed.
 */
export async function measureQuantization(
  original: ModelContents,
  exported: ModelContents,
  rows: readonly StoredRow[],
): Promise<QuantizationEffect | null> {
  const test = original.stored.split?.test;
  if (!test) return null;
  const { labels } = original.record;
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const kept = Array.from(test).filter(
    (position) => position < rows.length && classOf.has(rows[position]?.category ?? ''),
  );
  if (kept.length === 0) return null;
  const texts = kept.map((position) => productText(rows[position] as StoredRow));
  const truth = kept.map(
    (position) => classOf.get((rows[position] as StoredRow).category) as number,
  );
  const before = await testProbabilities(original, texts);
  const after = await testProbabilities(exported, texts);
  const figures = (probabilities: Float32Array) => {
    const metrics = computeMetrics(truth, argmaxRows(probabilities, labels.length), labels);
    return { accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
  };
  const topBefore = argmaxRows(before, labels.length);
  const topAfter = argmaxRows(after, labels.length);
  let maxProbabilityChange = 0;
  for (let i = 0; i < before.length; i++)
    maxProbabilityChange = Math.max(
      maxProbabilityChange,
      Math.abs((before[i] as number) - (after[i] as number)),
    );
  return {
    rows: kept.length,
    before: figures(before),
    after: figures(after),
    changedPredictions: topBefore.reduce((n, top, i) => n + (top === topAfter[i] ? 0 : 1), 0),
    maxProbabilityChange,
  };
}

/**
 * A model as a self-contained .zip at the chosen precision, with the measured effect of that
 * precision: the bundle is read back exactly as an import would read it and both are scored.
 * @throws NotFound when the model is gone
 */
export async function exportModelBundle(
  db: ShelfwiseDb,
  modelId: string,
  precision: WeightPrecision,
): Promise<BundleExport> {
  const original = await readModel(db, modelId);
  const files = await writeModelBundle(original, precision);
  const exported = await readModelBundle(files);
  const dataset = await db.get('datasets', original.record.datasetId);
  const effect = dataset
    ? await measureQuantization(
        original,
        exported,
        await readLabelledRows(db, original.record.datasetId),
      )
    : null;
  const weightBytes = [...files]
    .filter(([path]) => path.startsWith('group1-shard'))
    .reduce((sum, [, bytes]) => sum + bytes.byteLength, 0);
  return {
    bytes: zipFiles(files),
    precision,
    float32Bytes: (original.record.featureCount + 1) * original.record.labels.length * 4,
    weightBytes,
    effect,
  };
}
