/**
 * Research harness shared by the scripts of this folder: a validation split carved from each
 * task's train file (never the test file), cached linear-model outputs, and small helpers.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalogue } from '../bench/read-catalogue.ts';
import { splitRows } from '../../workers/train/training-rows.ts';
import { computeMetrics } from '@shared/metrics.ts';
import type { LabelledTexts } from '../../workers/train/fit-text-model.ts';

export const TASKS = ['flipkart-l2', 'flipkart-full', 'myntra', 'openbg-zh'] as const;
export const RESEARCH_DIR = new URL('../../.bench-tmp/research/', import.meta.url).pathname;
export const SPLIT_SEED = 1;
export const VALIDATION_SHARE = 0.2;

export interface ResearchSplit {
  task: string;
  labels: string[];
  fit: LabelledTexts;
  val: LabelledTexts;
}

export async function loadSplit(task: string): Promise<ResearchSplit> {
  const rows = await readCatalogue(`/work/shared/bench/${task}/train.csv`);
  const { labels, train, validation } = splitRows(rows, SPLIT_SEED, {
    validation: VALIDATION_SHARE,
    test: 0,
  });
  return { task, labels, fit: train, val: validation };
}

export function taskDir(task: string): string {
  return join(RESEARCH_DIR, task);
}

export async function saveFloats(path: string, data: Float32Array): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export async function loadFloats(path: string): Promise<Float32Array | null> {
  if (!existsSync(path)) return null;
  const buffer = await readFile(path);
  return new Float32Array(
    buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
  );
}

export function argmax(scores: Float32Array, width: number): number[] {
  const out: number[] = [];
  for (let base = 0; base < scores.length; base += width) {
    let best = 0;
    for (let c = 1; c < width; c++)
      if ((scores[base + c] as number) > (scores[base + best] as number)) best = c;
    out.push(best);
  }
  return out;
}

export function score(truth: readonly number[], scores: Float32Array, labels: readonly string[]) {
  const m = computeMetrics(truth, argmax(scores, labels.length), labels);
  return { acc: round(m.accuracy), f1: round(m.macroF1) };
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Row-wise log-softmax of scores / temperature, as a new array. */
export function logSoftmax(scores: Float32Array, width: number, temperature = 1): Float32Array {
  const out = new Float32Array(scores.length);
  for (let base = 0; base < scores.length; base += width) {
    let max = -Infinity;
    for (let c = 0; c < width; c++) max = Math.max(max, (scores[base + c] as number) / temperature);
    let sum = 0;
    for (let c = 0; c < width; c++)
      sum += Math.exp((scores[base + c] as number) / temperature - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < width; c++)
      out[base + c] = (scores[base + c] as number) / temperature - lse;
  }
  return out;
}

export function meanNll(logProbs: Float32Array, width: number, truth: readonly number[]): number {
  let s = 0;
  truth.forEach((t, r) => (s -= logProbs[r * width + t] as number));
  return s / truth.length;
}

export async function appendResult(name: string, record: object): Promise<void> {
  await mkdir(RESEARCH_DIR, { recursive: true });
  const path = join(RESEARCH_DIR, `${name}.jsonl`);
  const line = JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n';
  await writeFile(path, line, { flag: 'a' });
  console.log(line.trim());
}
