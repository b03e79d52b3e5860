/**
 * The feedback loop on a real catalogue, measured: mislabel a share of the training rows
 * (seeded), train, let the review queue rank likely label errors, have a simulated owner fix
 * the first N items it shows (the true label is the owner's answer), retrain from the model
 * with the corrections, and score every model on the untouched test file.
 *
 *   npx tsx scripts/feedback-experiment.ts --train <train.csv> --test <test.csv> \
 *     [--noise 0.1] [--review 1000] [--seed 42]
 *
 * Uses the app's own functions (split, training, warm start, catalogue ranking) in Node on
 * the wasm backend; prints a JSON line and a Markdown table.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { createRandom } from '@shared/random.ts';
import { rankReviewQueue } from '@shared/review/rank-queue.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import { fitTextModel, resolveEpochs } from '../workers/train/fit-text-model.ts';
import { classifyProducts, loadClassifier } from '../workers/classify/classify.ts';
import { splitRows } from '../workers/train/training-rows.ts';
import { productText } from '../workers/text/product-text.ts';
import { FeatureIndex } from '../workers/text/feature-space.ts';
import { predictProbabilities, topK } from '../workers/model/predict.ts';
import { createLinearModel } from '../workers/model/linear-model.ts';
import { featureCount } from '../workers/text/feature-space.ts';
import { readCatalogue } from './bench/read-catalogue.ts';
import { scriptArgs } from './script-args.ts';

const args = scriptArgs();
const flag = (name: string, fallback: string) => args.get(name) || fallback;
const trainPath = flag('train', '../shared/bench/flipkart-l2/train.csv');
const testPath = flag('test', '../shared/bench/flipkart-l2/test.csv');
const noise = Number(flag('noise', '0.1'));
const reviewCount = Number(flag('review', '1000'));
const seed = Number(flag('seed', '42'));
// More than 1: each row is judged by a model trained without it (out-of-fold), which also
// catches the label errors a model trained on the row has learnt by heart.
const folds = Number(flag('folds', '1'));

tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths(
  fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)),
);
await tf.setBackend('wasm');
await tf.ready();

const clean: StoredRow[] = (await readCatalogue(trainPath)).map((row, i) => ({
  line: i + 2,
  id: row.id,
  title: row.title,
  description: row.description,
  category: row.category,
  image: '',
}));
const testRows = await readCatalogue(testPath);
const categories = [...new Set(clean.map((row) => row.category))].sort();

// Mislabel `noise` of the rows: each moves to a random other category.
const random = createRandom(seed);
const noisy = clean.map((row) => {
  if (random() >= noise) return row;
  const other = categories[Math.floor(random() * (categories.length - 1))] as string;
  return { ...row, category: other === row.category ? (categories.at(-1) as string) : other };
});
const mislabelled = noisy.filter((row, i) => row.category !== clean[i]?.category).length;

const heldOut = { validation: 0.1, test: 0 };
const options = { ...DEFAULT_TRAIN_OPTIONS, seed };

async function train(
  rows: StoredRow[],
  warmStart?: { fitted: Awaited<ReturnType<typeof fitTextModel>>; split: SplitPositions },
) {
  const parts = splitRows(rows, seed, heldOut, 1, { labels: categories, split: warmStart?.split });
  const started = performance.now();
  const fitted = await fitTextModel(undefined, {
    labels: parts.labels,
    train: parts.train,
    validation: parts.validation,
    options: warmStart
      ? {
          ...options,
          epochs: Math.max(2, Math.ceil(resolveEpochs(options, parts.train.texts.length) / 2)),
        }
      : options,
    warmStart: warmStart
      ? { space: warmStart.fitted.space, weights: warmStart.fitted.weights }
      : undefined,
  });
  return { fitted, seconds: (performance.now() - started) / 1000, positions: parts.positions };
}

async function score(fitted: Awaited<ReturnType<typeof fitTextModel>>) {
  const classifier = loadClassifier({ id: 'm', labels: categories, ...fitted });
  const ranked = await classifyProducts(classifier, testRows, 1);
  const metrics = scorePredictions(
    testRows.map((row) => row.category),
    ranked.map((top) => top[0]?.label ?? ''),
  );
  return { acc: metrics.accuracy, macro_f1: metrics.macroF1 };
}

const before = await train(noisy);

// Classify the training catalogue and rank disagreements, as the review queue does.
const topClasses = new Int32Array(noisy.length * 3);
const topProbabilities = new Float32Array(noisy.length * 3);
async function judge(fitted: Awaited<ReturnType<typeof fitTextModel>>, positions: number[]) {
  const index = new FeatureIndex(fitted.space);
  const model = createLinearModel(featureCount(fitted.space), categories.length, fitted.weights);
  const probabilities = await predictProbabilities(
    model,
    positions.map((p) => index.vectorize(productText(noisy[p] as StoredRow))),
    1,
  );
  positions.forEach((p, r) =>
    topK(probabilities, r, categories.length, 3).forEach((entry, k) => {
      topClasses[p * 3 + k] = entry.classId;
      topProbabilities[p * 3 + k] = entry.probability;
    }),
  );
}
let judgeSeconds = 0;
if (folds > 1) {
  const started = performance.now();
  const foldOf = noisy.map(() => Math.floor(random() * folds));
  for (let fold = 0; fold < folds; fold++) {
    const inFold = noisy.flatMap((_, p) => (foldOf[p] === fold ? [p] : []));
    const rest = noisy.filter((_, p) => foldOf[p] !== fold);
    const { fitted } = await train(rest);
    await judge(fitted, inFold);
  }
  judgeSeconds = (performance.now() - started) / 1000;
} else {
  await judge(
    before.fitted,
    noisy.map((_, p) => p),
  );
}
const queue = rankReviewQueue(
  { topClasses, topProbabilities },
  categories,
  noisy.map((row) => row.category),
  'disagreements',
  new Set(),
);
const reviewed = queue.slice(0, reviewCount);
const corrected = noisy.map((row) => ({ ...row }));
let fixedErrors = 0;
for (const item of reviewed) {
  const truth = clean[item.position]?.category as string;
  if (corrected[item.position]!.category !== truth) fixedErrors++;
  corrected[item.position]!.category = truth;
}
// The retrain keeps the first model's split, as the app does.
const after = await train(corrected, { fitted: before.fitted, split: before.positions });
const fresh = await train(corrected);
const upperBound = await train(clean);

const result = {
  task: trainPath.split('/').at(-2),
  rows: clean.length,
  mislabelled,
  folds,
  judge_s: judgeSeconds,
  queue: queue.length,
  reviewed: reviewed.length,
  errors_among_reviewed: fixedErrors,
  before: { ...(await score(before.fitted)), train_s: before.seconds },
  after_warm_start: { ...(await score(after.fitted)), train_s: after.seconds },
  after_fresh: { ...(await score(fresh.fitted)), train_s: fresh.seconds },
  clean_labels: { ...(await score(upperBound.fitted)), train_s: upperBound.seconds },
};
const f = (x: number) => x.toFixed(3);
console.log(
  [
    `| model | test accuracy | test macro-F1 | train s |`,
    `|---|---:|---:|---:|`,
    ...(
      [
        ['with ' + mislabelled + ' mislabelled rows', result.before],
        [`warm-started after ${reviewed.length} review decisions`, result.after_warm_start],
        ['trained afresh on the corrected labels', result.after_fresh],
        ['all labels correct (upper bound)', result.clean_labels],
      ] as const
    ).map(([name, r]) => `| ${name} | ${f(r.acc)} | ${f(r.macro_f1)} | ${r.train_s.toFixed(1)} |`),
  ].join('\n'),
);
console.log(JSON.stringify(result));
