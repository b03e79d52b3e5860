/**
 * Fast's schedule on validation data only: trains on 80% of each train file and scores the
 * other 20% for several batch sizes and step targets. npx tsx scripts/research/fast-schedule.ts [task…]
 */
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '@shared/contracts/train.ts';
import { computeMetrics } from '@shared/metrics.ts';
import { useNodeBackend } from '../bench/run-node.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { classifyProducts, loadClassifier } from '../../workers/classify/classify.ts';
import { loadSplit, TASKS } from './common.ts';

const variants: Record<string, Partial<TrainOptions>> = process.env.VARIANTS
  ? (JSON.parse(process.env.VARIANTS) as Record<string, Partial<TrainOptions>>)
  : {
      'batch 64': {},
      'batch 128': { batchSize: 128 },
      'batch 256': { batchSize: 256 },
      'batch 256, rate 0.02': { batchSize: 256, learningRate: 0.02 },
    };
await useNodeBackend('wasm');
const tasks = process.argv.slice(2);
for (const task of tasks.length ? tasks : TASKS) {
  const split = await loadSplit(task);
  for (const [name, change] of Object.entries(variants)) {
    const started = performance.now();
    const fitted = await fitTextModel(undefined, {
      labels: split.labels,
      train: split.fit,
      validation: { texts: [], classes: [] },
      options: { ...DEFAULT_TRAIN_OPTIONS, ...change },
    });
    const seconds = (performance.now() - started) / 1000;
    const classifier = loadClassifier({ id: 'v', labels: split.labels, ...fitted });
    const ranked = await classifyProducts(
      classifier,
      split.val.texts.map((title) => ({ title })),
      1,
    );
    const predicted = ranked.map((top) => split.labels.indexOf(top[0]?.label ?? ''));
    const m = computeMetrics(split.val.classes, predicted, split.labels);
    console.log(
      `${task}\t${name}\t${seconds.toFixed(1)} s\t${fitted.history.length} epochs\tacc ${m.accuracy.toFixed(4)}\tmacro-F1 ${m.macroF1.toFixed(4)}`,
    );
  }
}
