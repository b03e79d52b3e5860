import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import { DEFAULT_DEEP_TRAIN_OPTIONS, trainDeepClassifier } from '../../workers/deep/train-deep.ts';
import { loadSplit } from './common.ts';
const [task = 'flipkart-l2', arch = 'cnn', batch = '64', n = '3000'] = process.argv.slice(2);
await useNodeBackend('wasm');
const split = await loadSplit(task);
const vocab = buildVocab(split.fit.texts);
const enc = new TypeEncoder(vocab);
const texts = split.fit.texts.slice(0, Number(n)).map((t) => enc.encode(t));
const classes = split.fit.classes.slice(0, Number(n));
const shape = {
  architecture: arch as 'cnn',
  dim: 64,
  filters: 96,
  widths: [1, 2, 3],
  classCount: split.labels.length,
};
const run = async () => {
  const units = new Float32Array(enc.unitCount * 64).map(() => Math.random() * 0.1);
  const t = await trainDeepClassifier(
    undefined,
    { shape, types: enc.types, units, texts, classes },
    { ...DEFAULT_DEEP_TRAIN_OPTIONS, epochs: 1, batchSize: Number(batch) },
  );
  for (const v of Object.values(t.params)) v.dispose();
};
await run();
const t0 = performance.now();
const prof = await tf.profile(run);
const wall = performance.now() - t0;
const byKernel = new Map<string, number>();
let total = 0;
for (const k of prof.kernels) {
  byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  total += k.kernelTimeMs as number;
}
console.log(
  'rows',
  texts.length,
  'wall ms (profiled)',
  wall.toFixed(0),
  'kernel ms',
  total.toFixed(0),
  'kernels',
  prof.kernels.length,
  [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([k, t]) => `${k}:${t.toFixed(0)}`)
    .join(' '),
);
const t1 = performance.now();
await run();
console.log('unprofiled ms', (performance.now() - t1).toFixed(0));
