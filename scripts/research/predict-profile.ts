/**
 * Where batch prediction spends its time, on validation rows of each task's train file (never
 * the test file): vectorising the texts, then the product, softmax and top-k per chunk.
 * npx tsx scripts/research/predict-profile.ts [task…]
 */
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { useNodeBackend } from '../bench/run-node.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { predictTop } from '../../workers/model/predict.ts';
import { featureCount } from '../../workers/text/feature-space.ts';
import { loadSplit, TASKS } from './common.ts';
import { timedPredictions } from '../bench/timed-predictions.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

await useNodeBackend('wasm');
const tasks = process.argv.slice(2);
for (const task of tasks.length ? tasks : TASKS) {
  const split = await loadSplit(task);
  const fitted = await fitTextModel(undefined, {
    labels: split.labels,
    train: split.fit,
    validation: { texts: [], classes: [] },
    options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 2 },
  });
  const classifier = loadClassifier(
    { id: 'p', labels: split.labels, ...fitted },
    { serving: process.env.RESIDENT !== '0' },
  );
  const texts = split.val.texts;
  // As the bench times it: a fresh process, the first row, then the rest in one batch.
  const timed = await timedPredictions(
    classifier,
    texts.map((title) => ({ title })),
  );
  const again = await timedPredictions(
    classifier,
    texts.map((title) => ({ title })),
  );
  const vectorMs: number[] = [];
  const topMs: number[] = [];
  let rows = classifier.index.vectorizeAll(texts.slice(0, 1));
  await predictTop(classifier.model, rows, 1, 1, classifier.resident);
  for (let run = 0; run < 7; run++) {
    let started = performance.now();
    rows = classifier.index.vectorizeAll(texts);
    vectorMs.push(performance.now() - started);
    started = performance.now();
    await predictTop(classifier.model, rows, 1, 1, classifier.resident);
    topMs.push(performance.now() - started);
  }
  const entries = rows.segmentStarts[rows.segmentStarts.length - 1] ?? 0;
  console.log(
    `${task}\t${texts.length} rows\t${split.labels.length} classes\t${featureCount(fitted.space)} features\t${(entries / texts.length).toFixed(0)} entries/row\tvectorise ${median(vectorMs).toFixed(1)} ms\tproduct+top ${median(topMs).toFixed(1)} ms\t=> ${Math.round(texts.length / ((median(vectorMs) + median(topMs)) / 1000))} rows/s\tbench-style first ${timed.perSecond}/s, second ${again.perSecond}/s`,
  );
}
