import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import { SequenceBatcher } from '../../workers/deep/sequence-batch.ts';
import { createDenseParams, networkLogits } from '../../workers/deep/deep-network.ts';
import { loadSplit } from './common.ts';
const [task = 'openbg-zh', arch = 'cnn', B = '64'] = process.argv.slice(2);
await useNodeBackend('wasm');
const split = await loadSplit(task);
const vocab = buildVocab(split.fit.texts);
const enc = new TypeEncoder(vocab);
const texts = split.fit.texts.slice(0, Number(B)).map((t) => enc.encode(t));
const shape = {
  architecture: arch as 'cnn',
  dim: 64,
  filters: 128,
  widths: [1, 2, 3],
  classCount: split.labels.length,
};
const params = createDenseParams(shape, 1);
const batcher = new SequenceBatcher(enc.types, enc.unitCount);
const batch = batcher.batch(texts, 3);
console.log('T', batch.length, 'types', batch.typeCount, 'units', batch.unitRows.length);
const units = tf.randomNormal([batch.unitRows.length, 64]) as tf.Tensor2D;
const names = Object.keys(params);
const labels = tf.oneHot(
  tf.tensor1d(split.fit.classes.slice(0, Number(B)), 'int32'),
  shape.classCount,
);
const step = () =>
  tf.tidy(() => {
    const f = (...ts: tf.Tensor[]) => {
      const dense: Record<string, tf.Variable> = {};
      names.forEach((n, i) => (dense[n] = ts[i + 1] as tf.Variable));
      return tf.losses.softmaxCrossEntropy(
        labels,
        networkLogits(shape, dense, batch, ts[0] as tf.Tensor2D, 0.3),
      ) as tf.Scalar;
    };
    const { grads } = tf.valueAndGrads(f)([units, ...names.map((n) => params[n] as tf.Tensor)]);
    grads.forEach((g) => g.dataSync());
  });
step();
step();
const t0 = performance.now();
for (let i = 0; i < 3; i++) step();
console.log('step ms', ((performance.now() - t0) / 3).toFixed(1));
const prof = await tf.profile(() => {
  step();
});
const byKernel = new Map<string, number>();
for (const k of prof.kernels)
  byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
console.log(
  [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([n, t]) => `${n}:${t.toFixed(1)}`)
    .join(' '),
);
