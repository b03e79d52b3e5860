/**
 * Runs the photo tasks of ../shared/bench (or BENCH_DIR) through `scripts/bench.ts` in
 * Chromium and writes their figures into the photo section of docs/BENCHMARKS.md.
 * Extra arguments (e.g. --backbone, --hidden, --augment) go to every task.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchResult } from './bench/result.ts';
import { replacePhotoSection } from './bench/photo-section.ts';
import { hasImages } from './bench/run-browser-images.ts';

const benchDir = resolve(process.env.BENCH_DIR ?? '../shared/bench');
const extra = process.argv.slice(2);

const results: BenchResult[] = [];
for (const task of readdirSync(benchDir).sort()) {
  const train = join(benchDir, task, 'train.csv');
  const test = join(benchDir, task, 'test.csv');
  if (!existsSync(train) || !existsSync(test) || !(await hasImages(train))) continue;
  console.error(`[bench:images] ${task}`);
  const run = spawnSync(
    'npx',
    ['tsx', 'scripts/bench.ts', '--train', train, '--test', test, '--runtime', 'browser', ...extra],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) throw new Error(`bench failed on ${task}: ${run.stderr.slice(-2000)}`);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  console.log(line);
  results.push(JSON.parse(line) as BenchResult);
}

const when = new Date().toISOString().slice(0, 10);
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg()[0]?.toFixed(1)} at the end`;
const path = 'docs/BENCHMARKS.md';
writeFileSync(path, replacePhotoSection(readFileSync(path, 'utf8'), results, when, machine));
console.error(`[bench:images] wrote the photo section of ${path}`);
