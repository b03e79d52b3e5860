/**
 * Fast's loss, the one-vs-rest squared hinge, is a sum of one loss per category, and Adam, L2
 * and the running average act on each weight alone: the columns of a category share train
 * exactly as in the whole model, given the same feature space and batch order. This trains
 * one share of the categories (every PARTS-th one, from PART; the others folded into one
 * "other" column) on a task's whole train file, as the bench does, and prints its time and a
 * checksum of share 0's columns, which PART=all must print too.
 *   PART=all npx tsx scripts/research/class-shares.ts flipkart-full
 *   PART=0 npx tsx … & PART=1 npx tsx …   (two processes at once: the time of two workers)
 */
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { BENCH_HELD_OUT, useNodeBackend } from '../bench/run-node.ts';
import { readCatalogue } from '../bench/read-catalogue.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { splitRows } from '../../workers/train/train-job.ts';

await useNodeBackend('wasm');
const task = process.argv[2] ?? 'flipkart-full';
const part = process.env.PART ?? 'all';
const parts = Number(process.env.PARTS ?? 2);
const seed = DEFAULT_TRAIN_OPTIONS.seed;
const rows = await readCatalogue(`../shared/bench/${task}/train.csv`);
const { labels, train, validation } = splitRows(rows, seed, BENCH_HELD_OUT);
const allClasses = labels.map((_, c) => c);
const kept = part === 'all' ? allClasses : allClasses.filter((c) => c % parts === Number(part));
const columnOf = new Map(kept.map((c, column) => [c, column]));
const shareLabels = part === 'all' ? labels : [...kept.map((c) => labels[c] as string), '(other)'];
const classes = train.classes.map((c) => columnOf.get(c) ?? kept.length);

const started = performance.now();
const fitted = await fitTextModel(undefined, {
  labels: shareLabels,
  train: { texts: train.texts, classes },
  validation,
  options: { ...DEFAULT_TRAIN_OPTIONS, seed },
});
const seconds = (performance.now() - started) / 1000;
const weights = (fitted.weights[0] as { data: Float32Array }).data;
const width = shareLabels.length;
let checksum = 0;
for (const c of allClasses.filter((c) => c % parts === 0)) {
  const column = columnOf.get(c);
  if (column === undefined) continue;
  for (let row = 0; row * width < weights.length; row++)
    checksum += (weights[row * width + column] as number) * ((row % 97) + 1);
}
console.log(
  `${task}\tshare ${part} of ${parts}\t${width} columns\ttrain ${seconds.toFixed(2)} s\tchecksum of share 0's columns ${checksum.toPrecision(12)}`,
);
