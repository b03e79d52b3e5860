/**
 * Cold start: accuracy on a bench split's test file when each category has only 0, 1, 5 or 20
 * labelled products, for the name prior alone, the trained model alone, and both mixed.
 * A second draw of k products per category (never the test file) fits the prior's
 * temperature and the mixing weight, as an owner with k examples could. A second scenario
 * leaves a share of the categories with no examples at all while the rest have 20.
 * usage: npx tsx scripts/cold-start.ts --train <train.csv> --test <test.csv> [--shots 0,1,5,20]
 */
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from './bench/run-node.ts';
import { readCatalogue } from './bench/read-catalogue.ts';
import { scriptArgs, trainAndTestPaths } from './script-args.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';
import { productText } from '../workers/text/product-text.ts';
import {
  combineWithPrior,
  DEFAULT_PRIOR_TEMPERATURE,
  NamePrior,
} from '../workers/taxonomy/name-prior.ts';
import { trainFlatModel, type Product } from './hierarchy/train-flat.ts';

const args = scriptArgs();
const { trainPath, testPath } = trainAndTestPaths(args);
const shots = (args.get('shots') ?? '0,1,5,20').split(',').map(Number);
const coldShare = Number(args.get('cold-share') ?? 0.2);
const seed = 42;
const TEMPERATURES = [0.005, 0.01, 0.02, 0.05, 0.1];
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

await useNodeBackend('wasm');
const tensorsBefore = tf.memory().numTensors;
const [trainRows, testRows] = await Promise.all([
  readCatalogue(trainPath),
  readCatalogue(testPath),
]);
const labels = [...new Set(trainRows.map((row) => row.category))].sort();
const labelIndex = new Map(labels.map((label, i) => [label, i]));
const width = labels.length;
const prior = new NamePrior(labels);
type Labelled = { product: Product; label: string };

const byClass = new Map<string, Labelled[]>();
for (const row of trainRows) {
  const list = byClass.get(row.category) ?? [];
  list.push({ product: row, label: row.category });
  byClass.set(row.category, list);
}
for (const [label, list] of byClass)
  shuffleInPlace(list, createRandom(seed + (labelIndex.get(label) ?? 0)));

/** k products of each category for training and the next k for fitting, never overlapping. */
function draw(k: (label: string) => number): { train: Labelled[]; fit: Labelled[] } {
  const train: Labelled[] = [];
  const fit: Labelled[] = [];
  for (const [label, list] of byClass) {
    const n = k(label);
    train.push(...list.slice(0, n));
    fit.push(...list.slice(n, 2 * n));
  }
  return { train, fit };
}

function accuracy(probabilities: Float32Array, truth: readonly string[]): number {
  let right = 0;
  truth.forEach((label, r) => {
    let best = 0;
    for (let c = 1; c < width; c++)
      if ((probabilities[r * width + c] ?? 0) > (probabilities[r * width + best] ?? 0)) best = c;
    if (labels[best] === label) right++;
  });
  return truth.length ? right / truth.length : Number.NaN;
}

const testTexts = testRows.map((row) => productText(row));
const testTruth = testRows.map((row) => row.category);
const round = (v: number) => Math.round(v * 10000) / 10000;

async function run(k: (label: string) => number) {
  const { train, fit } = draw(k);
  const fitTexts = fit.map((row) => productText(row.product));
  const fitTruth = fit.map((row) => row.label);
  // The prior's own accuracy does not depend on its temperature (argmax); the mix does.
  let temperature = DEFAULT_PRIOR_TEMPERATURE;
  const priorTestAt = (t: number) => prior.probabilities(testTexts, t);
  let priorTest = priorTestAt(temperature);
  const result: Record<string, number | null> = {
    n_train: train.length,
    prior_temperature: temperature,
    prior_acc: round(accuracy(priorTest, testTruth)),
    model_acc: null,
    combined_acc: round(accuracy(priorTest, testTruth)),
    weight: 1,
  };
  if (train.length === 0 || new Set(train.map((row) => row.label)).size < 2)
    return { result, priorTest, model: null };
  const model = await trainFlatModel(train, fit, seed);
  const modelTest = await model.predict(testRows);
  const modelFit = await model.predict(fit.map((row) => row.product));
  let weight = 0;
  let best = -1;
  for (const t of TEMPERATURES) {
    const priorFit = prior.probabilities(fitTexts, t);
    for (const w of WEIGHTS) {
      const a = accuracy(combineWithPrior(labels, priorFit, model.labels, modelFit, w), fitTruth);
      if (a > best) [best, weight, temperature] = [a, w, t];
    }
  }
  priorTest = priorTestAt(temperature);
  result.prior_temperature = temperature;
  result.model_acc = round(
    accuracy(combineWithPrior(labels, priorTest, model.labels, modelTest, 0), testTruth),
  );
  result.combined_acc = round(
    accuracy(combineWithPrior(labels, priorTest, model.labels, modelTest, weight), testTruth),
  );
  result.weight = weight;
  return { result, priorTest, model: { labels: model.labels, test: modelTest, weight } };
}

const report: Record<string, unknown> = {
  task: trainPath.split('/').slice(-2, -1)[0],
  classes: width,
  n_test: testRows.length,
};
const curve: Record<string, unknown>[] = [];
for (const k of shots) {
  const started = performance.now();
  const { result } = await run(() => k);
  curve.push({ shots: k, ...result, seconds: Math.round((performance.now() - started) / 1000) });
  console.error(JSON.stringify(curve[curve.length - 1]));
}
report.curve = curve;

// Some categories cold: a seeded share of them get no examples, the rest 20.
const order = [...labels];
shuffleInPlace(order, createRandom(seed));
const cold = new Set(order.slice(0, Math.round(coldShare * width)));
const partial = await run((label) => (cold.has(label) ? 0 : 20));
if (partial.model) {
  const { labels: known, test, weight } = partial.model;
  const split = (rows: number[], probabilities: Float32Array) => {
    let right = 0;
    for (const r of rows) {
      let best = 0;
      for (let c = 1; c < width; c++)
        if ((probabilities[r * width + c] ?? 0) > (probabilities[r * width + best] ?? 0)) best = c;
      if (labels[best] === testTruth[r]) right++;
    }
    return round(right / rows.length);
  };
  const coldRows = testTruth.flatMap((label, r) => (cold.has(label) ? [r] : []));
  const warmRows = testTruth.flatMap((label, r) => (cold.has(label) ? [] : [r]));
  const modelOnly = combineWithPrior(labels, partial.priorTest, known, test, 0);
  const mixed = combineWithPrior(labels, partial.priorTest, known, test, weight);
  // The fitting draw has no rows of cold categories, so the tuned weight favours warm ones;
  // the trade-off at other weights is shown, not used to choose.
  const tradeOff = WEIGHTS.map((w) => {
    const p = combineWithPrior(labels, partial.priorTest, known, test, w);
    return { weight: w, cold: split(coldRows, p), warm: split(warmRows, p) };
  });
  report.some_cold = {
    cold_classes: cold.size,
    warm_shots: 20,
    weight,
    cold_rows: coldRows.length,
    model_acc_cold: split(coldRows, modelOnly),
    combined_acc_cold: split(coldRows, mixed),
    model_acc_warm: split(warmRows, modelOnly),
    combined_acc_warm: split(warmRows, mixed),
    model_acc_all: partial.result.model_acc,
    combined_acc_all: partial.result.combined_acc,
    trade_off: tradeOff,
  };
}
report.leaked_tensors = tf.memory().numTensors - tensorsBefore;
console.log(JSON.stringify(report));
process.exit(0);
