import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import { DEFAULT_PRETRAIN_OPTIONS, pretrainSubwords } from '../../workers/deep/pretrain.ts';
import { loadSplit } from './common.ts';
const [task = 'flipkart-l2', objective = 'cbow', n = '2000', batch = '2048'] =
  process.argv.slice(2);
await useNodeBackend('wasm');
const split = await loadSplit(task);
const vocab = buildVocab(split.fit.texts);
const enc = new TypeEncoder(vocab);
const texts = split.fit.texts.slice(0, Number(n)).map((t) => enc.encode(t));
const input = { types: enc.types, unitCount: enc.unitCount, wordCounts: vocab.wordCounts, texts };
const options = {
  ...DEFAULT_PRETRAIN_OPTIONS,
  objective: objective as 'cbow',
  epochs: 1,
  batchExamples: Number(batch),
};
await pretrainSubwords(undefined, input, options);
const t0 = performance.now();
const prof = await tf.profile(async () => {
  await pretrainSubwords(undefined, input, options);
});
const ms = performance.now() - t0;
const byKernel = new Map<string, number>();
let total = 0;
for (const k of prof.kernels) {
  byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  total += k.kernelTimeMs as number;
}
console.log(
  'wall ms',
  ms.toFixed(0),
  'kernel ms',
  total.toFixed(0),
  [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([k, t]) => `${k}:${t.toFixed(0)}`)
    .join(' '),
);
const t1 = performance.now();
await pretrainSubwords(undefined, input, options);
console.log('unprofiled ms', (performance.now() - t1).toFixed(0));
