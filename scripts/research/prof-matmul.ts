import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { matMul } from '../../workers/deep/matmul.ts';
await useNodeBackend('wasm');
const P = 4096,
  D = 64,
  N = 256;
const h = tf.randomNormal([P, D]) as tf.Tensor2D,
  n = tf.randomNormal([N, D]) as tf.Tensor2D;
const time = (name: string, f: () => void) => {
  for (let i = 0; i < 2; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) f();
  console.log(name, ((performance.now() - t0) / 10).toFixed(2));
};
const f = () =>
  tf.tidy(() => {
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      matMul(a as tf.Tensor2D, (b as tf.Tensor2D).transpose())
        .sigmoid()
        .sum(),
    )([h, n]);
    g[0]!.dataSync();
    g[1]!.dataSync();
  });
time('custom grad', f);
const before = tf.memory().numTensors;
f();
console.log('leak', tf.memory().numTensors - before);
