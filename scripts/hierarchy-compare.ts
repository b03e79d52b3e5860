/**
 * Compares ways of predicting category paths on a bench split, all with the app's text model:
 * flat leaf argmax, top-down decoding of summed leaf probabilities, per-level heads (one model
 * per level, path scored by the sum of log-probabilities), and back-off at several thresholds.
 * 10% of the train file (stratified) calibrates the temperature; the test file is scored once.
 * usage: npx tsx scripts/hierarchy-compare.ts --train <train.csv> --test <test.csv> [--heads 2]
 */
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from './bench/run-node.ts';
import { readCatalogue } from './bench/read-catalogue.ts';
import { scriptArgs, trainAndTestPaths } from './script-args.ts';
import { stratifiedSplit } from '@shared/split.ts';
import { detectSeparator, joinCategoryPath } from '@shared/taxonomy/category-path.ts';
import {
  buildLabelHierarchy,
  canonicalPath,
  predictTopDown,
  predictWithBackOff,
} from '@shared/taxonomy/label-hierarchy.ts';
import { hierarchicalMetrics } from '@shared/taxonomy/hierarchical-metrics.ts';
import { trainFlatModel, type Product } from './hierarchy/train-flat.ts';

const args = scriptArgs();
const { trainPath, testPath } = trainAndTestPaths(args);
const headLevels = Number(args.get('heads') ?? 2);
const seed = 42;

await useNodeBackend('wasm');
const tensorsBefore = tf.memory().numTensors;
const [trainRows, testRows] = await Promise.all([
  readCatalogue(trainPath),
  readCatalogue(testPath),
]);
const separator = detectSeparator(trainRows.map((row) => row.category));
const canonical = (path: string) => canonicalPath(path, separator) ?? path;
const labelsAll = [...new Set(trainRows.map((row) => canonical(row.category)))].sort();
const classOf = new Map(labelsAll.map((label, i) => [label, i]));
const split = stratifiedSplit(
  trainRows.map((row) => classOf.get(canonical(row.category)) as number),
  { validation: 0.1, test: 0 },
  seed,
);
const rowsAt = (ids: number[]) =>
  ids.map((i) => {
    const row = trainRows[i] as (typeof trainRows)[number];
    return { product: row as Product, label: canonical(row.category) };
  });
const train = rowsAt(split.train);
const validation = rowsAt(split.validation);
const testProducts: Product[] = testRows;
const truth = testRows.map((row) => canonical(row.category).split(' > '));

const leafModel = await trainFlatModel(train, validation, seed);
const leafProbabilities = await leafModel.predict(testProducts);
const hierarchy = buildLabelHierarchy(leafModel.labels, ' > ');
const width = leafModel.labels.length;
const rowsCount = testRows.length;

const report: Record<string, unknown> = {
  task: trainPath.split('/').slice(-2, -1)[0],
  n_train: train.length,
  n_validation: validation.length,
  n_test: rowsCount,
  labels: width,
  separator,
};
const figures = (predicted: string[][], backedOff?: boolean[]) => {
  const m = hierarchicalMetrics(truth, predicted, backedOff);
  const round = (v: number) => Math.round(v * 10000) / 10000;
  return {
    level_acc: m.levels.map((l) => round(l.accuracy)),
    level_f1: m.levels.map((l) => round(l.macroF1)),
    leaf_acc: round(m.leafAccuracy),
    leaf_f1: round(m.leafMacroF1),
    hier_p: round(m.hierarchicalPrecision),
    hier_r: round(m.hierarchicalRecall),
    hier_f1: round(m.hierarchicalF1),
    backed_off: round(m.backedOffShare),
  };
};
const pathOfNode = (node: number) => hierarchy.tree.nodes[node]?.path ?? [];

const flat: string[][] = [];
const topDown: string[][] = [];
for (let r = 0; r < rowsCount; r++) {
  flat.push(predictWithBackOff(hierarchy, leafProbabilities, 0, r * width, width).path);
  topDown.push(pathOfNode(predictTopDown(hierarchy, leafProbabilities, r * width)));
}
report.flat = figures(flat);
report.top_down = figures(topDown);
for (const threshold of [0.3, 0.5, 0.7, 0.9]) {
  const predicted: string[][] = [];
  const backedOff: boolean[] = [];
  for (let r = 0; r < rowsCount; r++) {
    const p = predictWithBackOff(hierarchy, leafProbabilities, threshold, r * width, width);
    predicted.push(p.path);
    backedOff.push(p.backedOff);
  }
  report[`back_off_${threshold}`] = figures(predicted, backedOff);
}

// Per-level heads: one model per level 1..headLevels, plus the leaf model above.
const headLog: Float64Array = new Float64Array(rowsCount * width);
for (let r = 0; r < rowsCount; r++)
  for (let c = 0; c < width; c++)
    headLog[r * width + c] = Math.log(Math.max(1e-12, leafProbabilities[r * width + c] ?? 0));
const independent: Record<string, number> = {};
for (let level = 1; level <= headLevels; level++) {
  const prefix = (label: string) => joinCategoryPath(label.split(' > ').slice(0, level));
  const head = await trainFlatModel(
    train.map((row) => ({ ...row, label: prefix(row.label) })),
    validation.map((row) => ({ ...row, label: prefix(row.label) })),
    seed,
  );
  const p = await head.predict(testProducts);
  const headWidth = head.labels.length;
  const headClass = new Map(head.labels.map((label, i) => [label, i]));
  let right = 0;
  let counted = 0;
  for (let r = 0; r < rowsCount; r++) {
    let best = 0;
    for (let c = 1; c < headWidth; c++)
      if ((p[r * headWidth + c] ?? 0) > (p[r * headWidth + best] ?? 0)) best = c;
    const want = truth[r] as string[];
    if (want.length >= level) {
      counted++;
      if (head.labels[best] === joinCategoryPath(want.slice(0, level))) right++;
    }
    leafModel.labels.forEach((label, c) => {
      if (label.split(' > ').length < level) return;
      const id = headClass.get(prefix(label));
      const q = id === undefined ? 1e-12 : (p[r * headWidth + id] ?? 0);
      headLog[r * width + c] = (headLog[r * width + c] ?? 0) + Math.log(Math.max(1e-12, q));
    });
  }
  independent[`level_${level}_head_acc`] = Math.round((right / counted) * 10000) / 10000;
}
const heads: string[][] = [];
for (let r = 0; r < rowsCount; r++) {
  let best = 0;
  for (let c = 1; c < width; c++)
    if ((headLog[r * width + c] ?? 0) > (headLog[r * width + best] ?? 0)) best = c;
  heads.push((leafModel.labels[best] as string).split(' > '));
}
report.per_level_heads = { ...figures(heads), ...independent };
report.leaked_tensors = tf.memory().numTensors - tensorsBefore;
console.log(JSON.stringify(report));
