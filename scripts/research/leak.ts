import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import {
  trainDeepClassifier,
  DEFAULT_DEEP_TRAIN_OPTIONS,
  deepLogits,
} from '../../workers/deep/train-deep.ts';
await useNodeBackend('wasm');
const texts = [
  'red shirt men',
  'blue shirt women',
  'gold ring',
  'silver ring women',
  'men shoes',
  'running shoes',
];
const classes = [0, 0, 1, 1, 2, 2];
const vocab = buildVocab(texts, undefined, { minUnitCount: 1, maxUnits: 1000 });
const enc = new TypeEncoder(vocab);
const encoded = texts.map((t) => enc.encode(t));
for (const arch of ['bag', 'cnn'] as const) {
  const before = tf.memory().numTensors;
  const units = new Float32Array(enc.unitCount * 8).map(() => Math.random() * 0.1);
  const net = await trainDeepClassifier(
    undefined,
    {
      shape: { architecture: arch, dim: 8, filters: 4, widths: [1, 2], classCount: 3 },
      types: enc.types,
      units,
      texts: encoded,
      classes,
    },
    { ...DEFAULT_DEEP_TRAIN_OPTIONS, epochs: 1, batchSize: 3 },
  );
  const mid = tf.memory().numTensors;
  await deepLogits(net, enc.types, encoded);
  const after = tf.memory().numTensors;
  for (const v of Object.values(net.params)) v.dispose();
  console.log(
    arch,
    'params',
    Object.keys(net.params).length,
    'after train',
    mid - before,
    'after predict',
    after - mid,
    'after dispose',
    tf.memory().numTensors - before,
  );
}
