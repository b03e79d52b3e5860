/**
 * Pretrains subword vectors on a task's fit texts and prints time, loss and nearest neighbours.
 * npx tsx scripts/research/pretrain-check.ts TASK [key=value ...]   (keys of PretrainOptions)
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import {
  DEFAULT_PRETRAIN_OPTIONS,
  pretrainSubwords,
  type PretrainOptions,
} from '../../workers/deep/pretrain.ts';
import { subwordPositions } from '../../workers/deep/subword.ts';
import { appendResult, loadSplit, saveFloats, taskDir } from './common.ts';

const [task = 'flipkart-l2', ...rest] = process.argv.slice(2);
const overrides = Object.fromEntries(
  rest.map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]),
);
const options: PretrainOptions = { ...DEFAULT_PRETRAIN_OPTIONS, ...overrides };
await useNodeBackend('wasm');
const split = await loadSplit(task);
const texts = split.fit.texts;
const t0 = performance.now();
const vocab = buildVocab(texts);
const encoder = new TypeEncoder(vocab);
const encoded = texts.map((t) => encoder.encode(t));
const t1 = performance.now();
const before = tf.memory().numTensors;
const result = await pretrainSubwords(
  undefined,
  {
    types: encoder.types,
    unitCount: encoder.unitCount,
    wordCounts: vocab.wordCounts,
    texts: encoded,
  },
  options,
);
const t2 = performance.now();

function vectorOf(word: string): Float32Array {
  const v = new Float32Array(options.dim);
  const ids = encoder.encode(word);
  for (const id of ids) {
    const rows = encoder.types[id]!.unitRows;
    for (const r of rows)
      for (let d = 0; d < options.dim; d++)
        v[d]! += result.units[r * options.dim + d]! / rows.length;
  }
  return v;
}
// Neighbours among the fit texts' words (their surface forms).
const surface = new Map<number, string>();
for (const text of texts.slice(0, 5000))
  for (const p of subwordPositions(text))
    surface.set(p.word, text.normalize('NFKC').toLowerCase().slice(p.start, p.end));
const candidates = [...surface.values()];
const candidateVectors = candidates.map(vectorOf);
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
function neighbours(word: string, k = 6): string[] {
  const q = vectorOf(word);
  const nq = norm(q);
  return candidates
    .map((c, i) => ({
      c,
      s:
        candidateVectors[i]!.reduce((s, x, d) => s + x * q[d]!, 0) /
        (norm(candidateVectors[i]!) * nq),
    }))
    .filter((x) => x.c !== word)
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => `${x.c}:${x.s.toFixed(2)}`);
}
const probes =
  task === 'openbg-zh' ? ['手', '茶', '鞋', '狗'] : ['shirt', 'watch', 'kurta', 'mobile', 'ring'];
const probeNeighbours = Object.fromEntries(probes.map((p) => [p, neighbours(p)]));
await saveFloats(join(taskDir(task), `units-fit-d${options.dim}.f32`), result.units);
await writeFile(join(taskDir(task), `units-fit-d${options.dim}.json`), JSON.stringify(options));
await appendResult('pretrain', {
  task,
  options,
  units: encoder.unitCount,
  words: vocab.wordHashes.length,
  types: encoder.types.length,
  vocab_s: Math.round(t1 - t0) / 1000,
  pretrain_s: Math.round(t2 - t1) / 1000,
  losses: result.losses.map((l) => Math.round(l * 1000) / 1000),
  leaked: tf.memory().numTensors - before,
  probeNeighbours,
});
