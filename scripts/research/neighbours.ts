import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { useNodeBackend } from '../bench/run-node.ts';
import { buildVocab, TypeEncoder } from '../../workers/deep/subword-vocab.ts';
import { DEFAULT_PRETRAIN_OPTIONS, pretrainSubwords } from '../../workers/deep/pretrain.ts';
import { nearestWords } from '../../workers/deep/word-vectors.ts';
await useNodeBackend('wasm');
const [
  task = 'myntra',
  n = '10000',
  epochs = '3',
  lr = '0.05',
  batch = '2048',
  shared = '64',
  objective = 'cbow',
  optimizer = 'sgd',
] = process.argv.slice(2);
const rows = Papa.parse<{ title: string }>(
  readFileSync(`/work/shared/bench/${task}/train.csv`, 'utf8'),
  { header: true, skipEmptyLines: true },
).data;
const texts = rows.slice(0, Number(n)).map((r) => r.title);
const vocab = buildVocab(texts);
const enc = new TypeEncoder(vocab);
const t0 = performance.now();
const result = await pretrainSubwords(
  undefined,
  {
    types: enc.types,
    unitCount: enc.unitCount,
    wordCounts: vocab.wordCounts,
    texts: texts.map((t) => enc.encode(t)),
  },
  {
    ...DEFAULT_PRETRAIN_OPTIONS,
    epochs: Number(epochs),
    learningRate: Number(lr),
    batchExamples: Number(batch),
    sharedNegatives: Number(shared),
    objective: objective as 'cbow',
    optimizer: optimizer as 'adam',
  },
);
console.log('s', ((performance.now() - t0) / 1000).toFixed(1), result.losses);
const probes =
  task === 'openbg-zh'
    ? ['茶', '鞋', '狗', '手机']
    : [
        'tshirt',
        'watch',
        'kurta',
        'sneakers',
        'nike',
        'black',
        'earrings',
        'jeans',
        'handbag',
        'perfume',
      ];
for (const p of probes)
  console.log(
    p,
    nearestWords(vocab, result.units, texts, p, 8)
      .map((x) => `${x.word}:${x.similarity.toFixed(2)}`)
      .join(' '),
  );
