/**
 * Runs every text task in ../shared/bench (or BENCH_DIR) with Shelfwise and with the classical
 * peers (TF-IDF + linear SVM, fastText autotuned) in the same run, and writes
 * docs/BENCHMARKS.md. Image-only tasks (no titles) are skipped here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  openAsBlob,
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import type { BenchResult } from './bench/result.ts';
import { PHOTO_END, PHOTO_START } from './bench/photo-section.ts';
import { SCALE_END, SCALE_START } from './bench/scale-section.ts';
import { previewCatalogue } from '../workers/import/parse-catalogue.ts';

/** One line of a table: Shelfwise's bench result or a peer's, which share these fields. */
type Row = Pick<
  BenchResult,
  'task' | 'n_train' | 'n_test' | 'acc' | 'macro_f1' | 'weighted_f1' | 'train_s' | 'predict_per_s'
> & {
  model: string;
};

const benchDir = resolve(process.env.BENCH_DIR ?? '../shared/bench');
const ftSeconds = process.env.FASTTEXT_AUTOTUNE_S ?? '60';

/** Whether the catalogue's sample rows have titles, read as an import would read them. */
async function hasTitles(trainCsv: string): Promise<boolean> {
  const preview = await previewCatalogue(await openAsBlob(trainCsv));
  const column = preview.mapping.title ? preview.headers.indexOf(preview.mapping.title) : -1;
  return column >= 0 && preview.sample.some((fields) => (fields[column] ?? '').trim() !== '');
}

function lastJson(output: string): Record<string, unknown> {
  const line = output.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

function runShelfwise(task: string, train: string, test: string): BenchResult & { model: string } {
  const run = spawnSync('npx', ['tsx', 'scripts/bench.ts', '--train', train, '--test', test], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`bench failed on ${task}: ${run.stderr.slice(-2000)}`);
  const result = lastJson(run.stdout) as unknown as BenchResult;
  return { ...result, model: 'Shelfwise (this repo)' };
}

function runPeers(train: string, test: string): { rows: Row[]; failure: string | null } {
  execFileSync('bash', ['scripts/peers/ensure-peers.sh'], { stdio: 'inherit' });
  const run = spawnSync(
    '/usr/bin/python3',
    ['scripts/peers/peers.py', '--train', train, '--test', test, '--autotune-duration', ftSeconds],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (run.status !== 0) console.error(`peers failed: ${run.stderr.slice(-1500)}`);
  const rows = run.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Row);
  const lastError = run.stderr.trim().split('\n').pop() ?? '';
  return { rows, failure: run.status === 0 ? null : lastError.slice(0, 300) };
}

const fmt = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

const candidates = readdirSync(benchDir)
  .filter(
    (task) =>
      existsSync(join(benchDir, task, 'train.csv')) && existsSync(join(benchDir, task, 'test.csv')),
  )
  .sort();
const tasks: string[] = [];
for (const task of candidates)
  if (await hasTitles(join(benchDir, task, 'train.csv'))) tasks.push(task);

/** The 1-minute load average, sampled through the run: other jobs slow every figure down. */
const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(os.loadavg()[0] ?? 0);
sampleLoad();
const loadTimer = setInterval(sampleLoad, 5000);

/** Ours over the peer's: train time (lower is better) and predictions per second (higher). */
const ratio = (ours: number, theirs: number | undefined) =>
  theirs && Number.isFinite(theirs) && theirs > 0 ? ours / theirs : Number.NaN;

const sections: string[] = [];
const summary: string[] = [];
for (const task of tasks) {
  const train = join(benchDir, task, 'train.csv');
  const test = join(benchDir, task, 'test.csv');
  console.error(`[bench:all] ${task}: Shelfwise`);
  const ours = runShelfwise(task, train, test);
  console.error(`[bench:all] ${task}: peers`);
  const { rows: peers, failure } = runPeers(train, test);
  const svm = peers.find((p) => p.model.toLowerCase().includes('svm'));
  const fasttext = peers.find((p) => p.model.toLowerCase().includes('fasttext'));
  const trainRatio = ratio(ours.train_s, svm?.train_s);
  const predictRatio = ratio(ours.predict_per_s, fasttext?.predict_per_s);
  console.error(
    `[bench:all] ${task}: train ${fmt(ours.train_s, 2)} s against the SVM's ${svm ? fmt(svm.train_s, 2) : '—'} s (ratio ${fmt(trainRatio, 2)}), ` +
      `${Math.round(ours.predict_per_s)} predictions/s against fastText's ${fasttext ? Math.round(fasttext.predict_per_s) : '—'} (ratio ${fmt(predictRatio, 2)})`,
  );
  const rows = [ours, ...peers];
  sections.push(
    [
      `### ${task} (${ours.n_train.toLocaleString('en-US')} train / ${ours.n_test.toLocaleString('en-US')} test rows)`,
      '',
      '| model | macro-F1 | accuracy | weighted-F1 | train s | predict / s |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.model} | ${fmt(r.macro_f1)} | ${fmt(r.acc)} | ${fmt(r.weighted_f1)} | ${fmt(r.train_s, 1)} | ${Math.round(r.predict_per_s).toLocaleString('en-US')} |`,
      ),
      '',
      `Shelfwise: ${ours.epochs} epochs on ${ours.backend}, peak memory ${ours.peak_mem_mb} MB, ${ours.leaked_tensors} tensors leaked.`,
      ...(failure ? ['', `A peer did not finish in this run: \`${failure}\``] : []),
      '',
    ].join('\n'),
  );
  const goal = (met: boolean) => (met ? 'yes' : '**no**');
  summary.push(
    `| ${task} | ${fmt(ours.macro_f1)} | ${svm ? fmt(svm.macro_f1) : '—'} | ${svm ? goal(ours.macro_f1 > svm.macro_f1) : '—'} | ` +
      `${fmt(ours.train_s, 1)} | ${svm ? fmt(svm.train_s, 1) : '—'} | ${fmt(trainRatio, 2)} ${Number.isFinite(trainRatio) ? goal(trainRatio <= 1) : ''} | ` +
      `${Math.round(ours.predict_per_s).toLocaleString('en-US')} | ${fasttext ? Math.round(fasttext.predict_per_s).toLocaleString('en-US') : '—'} | ` +
      `${fmt(predictRatio, 2)} ${Number.isFinite(predictRatio) ? goal(predictRatio >= 1) : ''} |`,
  );
}
clearInterval(loadTimer);
sampleLoad();
const meanLoad = loadSamples.reduce((sum, load) => sum + load, 0) / loadSamples.length;
const maxLoad = Math.max(...loadSamples);

const notesPath = 'docs/benchmark-notes.md';
const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const markdown = [
  '# Benchmarks',
  '',
  `Generated by \`npm run bench:all\` on ${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} cores (${cpu}), Node ${process.version};`,
  `1-minute load average ${meanLoad.toFixed(1)} on average during the run (at most ${maxLoad.toFixed(1)}).`,
  'Every figure is on the fixed test split, which no model saw in training or tuning; peers were measured in the same run',
  'by `scripts/peers/peers.py` (scikit-learn TF-IDF word 1-2 + char_wb 2-4 grams with LinearSVC at C=1; fastText',
  `with ${ftSeconds} s of autotune on a 10% split of the train file).`,
  '',
  '## Summary',
  '',
  "Train ratio: our training time over the SVM's, both including vectorising the text (goal: at most 1).",
  'Predict ratio: our test rows classified per second (batch classification through the classify',
  "worker's code) over fastText's, streamed through its CLI once the model is loaded (goal: at least 1).",
  '',
  '| task | Shelfwise macro-F1 | SVM macro-F1 | beats SVM | Shelfwise train s | SVM train s | train ratio | Shelfwise predict / s | fastText predict / s | predict ratio |',
  '|---|---:|---:|---|---:|---:|---|---:|---:|---|',
  ...summary,
  '',
  '## Per task',
  '',
  ...sections,
  notes,
].join('\n');
mkdirSync('docs', { recursive: true });
// The photo and scale sections come from npm run bench:images and bench:scale; keep them
// when the text tasks are rerun.
const previous = existsSync('docs/BENCHMARKS.md') ? readFileSync('docs/BENCHMARKS.md', 'utf8') : '';
const regions: [string, string][] = [
  [PHOTO_START, PHOTO_END],
  [SCALE_START, SCALE_END],
];
const kept = regions.flatMap(([start, end]) => {
  const from = previous.indexOf(start);
  const to = previous.indexOf(end);
  return from >= 0 && to > from ? [previous.slice(from, to + end.length)] : [];
});
writeFileSync('docs/BENCHMARKS.md', [markdown.trimEnd(), ...kept].join('\n\n') + '\n');
console.error('[bench:all] wrote docs/BENCHMARKS.md');
