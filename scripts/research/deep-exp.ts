/**
 * One deep-model experiment on a task's validation split: optional pretraining on the fit texts,
 * the classifier trained on the fit rows, its validation scores, and the ensemble with the cached
 * linear model. npx tsx scripts/research/deep-exp.ts TASK [key=value ...]
 * Keys: pretrain=0|1, pretrainEpochs, dim, arch=cnn|bag, filters, widths=1-2-3, epochs, batch,
 * lr, elr, dropout, smoothing, schedule, corpus=fit|all, tag
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import { DEFAULT_PRETRAIN_OPTIONS, pretrainSubwords } from '../../workers/deep/pretrain.ts';
import {
  DEFAULT_DEEP_TRAIN_OPTIONS,
  deepLogits,
  trainDeepClassifier,
} from '../../workers/deep/train-deep.ts';
import type { DeepArchitecture } from '../../workers/deep/deep-network.ts';
import { createRandom } from '@shared/random.ts';
import { appendResult, loadFloats, loadSplit, saveFloats, score, taskDir } from './common.ts';
import { ensembleReport } from './ensemble-eval.ts';

const [task = 'flipkart-l2', ...rest] = process.argv.slice(2);
const arg = Object.fromEntries(rest.map((kv) => kv.split('=') as [string, string]));
const num = (key: string, fallback: number) =>
  arg[key] !== undefined ? Number(arg[key]) : fallback;
const dim = num('dim', 64);
await useNodeBackend('wasm');
const split = await loadSplit(task);
const corpus = arg.corpus === 'all' ? [...split.fit.texts, ...split.val.texts] : split.fit.texts;
const t0 = performance.now();
const vocab = buildVocab(corpus, undefined, { minUnitCount: num('minUnit', 2), maxUnits: 500_000 });
const encoder = new TypeEncoder(vocab);
const fitEncoded = split.fit.texts.map((t) => encoder.encode(t));
const valEncoded = split.val.texts.map((t) => encoder.encode(t));
const corpusEncoded = arg.corpus === 'all' ? [...fitEncoded, ...valEncoded] : fitEncoded;
const tensorsBefore = tf.memory().numTensors;
let units: Float32Array;
let pretrainLosses: number[] = [];
const t1 = performance.now();
const pretrainOptions = {
  ...DEFAULT_PRETRAIN_OPTIONS,
  dim,
  epochs: num('pretrainEpochs', DEFAULT_PRETRAIN_OPTIONS.epochs),
  learningRate: num('plr', DEFAULT_PRETRAIN_OPTIONS.learningRate),
  window: num('window', DEFAULT_PRETRAIN_OPTIONS.window),
  batchExamples: num('pairs', DEFAULT_PRETRAIN_OPTIONS.batchExamples),
  objective: (arg.objective ?? DEFAULT_PRETRAIN_OPTIONS.objective) as 'skipgram' | 'cbow',
  sharedNegatives: num('shared', DEFAULT_PRETRAIN_OPTIONS.sharedNegatives),
  optimizer: (arg.optimizer ?? DEFAULT_PRETRAIN_OPTIONS.optimizer) as 'adam' | 'sgd',
};
const cacheKey = `units2-${arg.corpus ?? 'fit'}-${Object.values(pretrainOptions).join('_')}-m${num('minUnit', 2)}.f32`;
const cached = num('pretrain', 1) ? await loadFloats(join(taskDir(task), cacheKey)) : null;
if (cached && cached.length === encoder.unitCount * dim) {
  units = cached;
  pretrainLosses = [-1];
} else if (num('pretrain', 1)) {
  const result = await pretrainSubwords(
    undefined,
    {
      types: encoder.types,
      unitCount: encoder.unitCount,
      wordCounts: vocab.wordCounts,
      texts: corpusEncoded,
    },
    pretrainOptions,
  );
  units = result.units;
  pretrainLosses = result.losses;
  await saveFloats(join(taskDir(task), cacheKey), units);
} else {
  const random = createRandom(7);
  units = Float32Array.from(
    { length: encoder.unitCount * dim },
    () => (random() * 2 - 1) * num('initScale', 0.1),
  );
}
const t2 = performance.now();
const arch = (arg.arch ?? 'cnn') as DeepArchitecture;
const shape = {
  architecture: arch,
  dim,
  filters: num('filters', 128),
  widths: (arg.widths ?? '1-2-3').split('-').map(Number),
  classCount: split.labels.length,
};
const options = {
  ...DEFAULT_DEEP_TRAIN_OPTIONS,
  epochs: num('epochs', 8),
  batchSize: num('batch', 64),
  learningRate: num('lr', 0.002),
  embeddingRate: num('elr', 0.002),
  dropout: num('dropout', 0.3),
  labelSmoothing: num('smoothing', 0),
  schedule: (arg.schedule ?? 'linear') as 'linear' | 'constant',
  loss: (arg.loss ?? 'softmax') as 'softmax' | 'squaredHinge',
};
const trained = await trainDeepClassifier(
  undefined,
  { shape, types: encoder.types, units, texts: fitEncoded, classes: split.fit.classes },
  options,
);
const t3 = performance.now();
const logits = await deepLogits(trained, encoder.types, valEncoded);
const t4 = performance.now();
for (const v of Object.values(trained.params)) v.dispose();
const tag = arg.tag ?? rest.join(' ');
await saveFloats(
  join(taskDir(task), 'deep', `${tag.replace(/[^\w=.-]+/g, '_') || 'default'}.f32`),
  logits,
);
const linear = await loadFloats(join(taskDir(task), 'linear-val.f32'));
await appendResult('deep-exp', {
  task,
  args: tag,
  units: encoder.unitCount,
  vocab_s: +((t1 - t0) / 1000).toFixed(1),
  pretrain_s: +((t2 - t1) / 1000).toFixed(1),
  train_s: +((t3 - t2) / 1000).toFixed(1),
  predict_per_s: Math.round(valEncoded.length / ((t4 - t3) / 1000)),
  pretrainLosses: pretrainLosses.map((l) => +l.toFixed(3)),
  losses: trained.losses.map((l) => +l.toFixed(3)),
  deep: score(split.val.classes, logits, split.labels),
  ensemble: linear ? ensembleReport(linear, logits, [...split.val.classes], split.labels) : null,
  leaked: tf.memory().numTensors - tensorsBefore,
});
