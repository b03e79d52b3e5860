/**
 * Runs every text task in ../shared/bench (or BENCH_DIR) with Shelfwise and with the classical
 * peers (TF-IDF + linear SVM, fastText autotuned) in the same run, and writes
 * docs/BENCHMARKS.md. Tasks with photos are skipped here (bench:images runs them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import type { BenchResult } from './bench/result.ts';
import { PHOTO_END, PHOTO_START } from './bench/photo-section.ts';
import { SCALE_END, SCALE_START } from './bench/scale-section.ts';
import { hasImages } from './bench/run-browser-images.ts';

/** One line of a table: Shelfwise's bench result or a peer's, which share these fields. */
type Row = Pick<
  BenchResult,
  'task' | 'n_train' | 'n_test' | 'acc' | 'macro_f1' | 'weighted_f1' | 'train_s' | 'predict_per_s'
> & {
  model: string;
};

const benchDir = resolve(process.env.BENCH_DIR ?? '../shared/bench');
const ftSeconds = process.env.FASTTEXT_AUTOTUNE_S ?? '60';

function lastJson(output: string): Record<string, unknown> {
  const line = output.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

/**
 * Shelfwise's presets as bench:all runs them: the flags and the name in the tables. The Best run
 * also reports the transductive case (vectors learnt from the test texts too) with the same
 * linear halves, so it is one more deep model, not a whole second run.
 */
const SHELFWISE_RUNS = [
  { model: 'Shelfwise Fast', flags: [] },
  { model: 'Shelfwise Best', flags: ['--preset', 'best', '--also-pretrain-on-test-texts'] },
] as const;
const TRANSDUCTIVE_MODEL = 'Shelfwise Best, vectors also from the test texts';

/** The transductive case of a Best run as a table row of its own. */
function transductiveRow(best: BenchResult): Row | null {
  const t = best.best?.transductive;
  if (!t) return null;
  return {
    task: best.task,
    n_train: best.n_train,
    n_test: best.n_test,
    acc: t.acc,
    macro_f1: t.macro_f1,
    weighted_f1: t.weighted_f1,
    train_s: t.train_s,
    predict_per_s: best.predict_per_s,
    model: TRANSDUCTIVE_MODEL,
  };
}

function runShelfwise(
  task: string,
  train: string,
  test: string,
  run: (typeof SHELFWISE_RUNS)[number],
): BenchResult & { model: string } {
  const child = spawnSync(
    'npx',
    ['tsx', 'scripts/bench.ts', '--train', train, '--test', test, ...run.flags],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (child.status !== 0)
    throw new Error(`bench (${run.model}) failed on ${task}: ${child.stderr.slice(-2000)}`);
  const result = lastJson(child.stdout) as unknown as BenchResult;
  return { ...result, model: run.model };
}

/** What "Best" spent and what its parts did, in one line of the task's section. */
function bestNote(result: BenchResult & { model: string }): string {
  const best = result.best;
  if (!best) return '';
  const pair = (p: [number, number] | null) => (p ? `${fmt(p[0])} / ${fmt(p[1])}` : '—');
  return (
    `${result.model}: linear ${fmt(best.linear_s, 1)} s + again on the whole file ${fmt(best.refit_s, 1)} s + word vectors ${fmt(best.pretrain_s, 1)} s ` +
    `(${best.pretrain_texts.toLocaleString('en-US')} texts) + ${best.architecture} ${fmt(best.deep_s, 1)} s; ` +
    `deep share ${best.mix_weight} chosen on ${best.validation_rows} validation rows of the train file ` +
    `(accuracy / macro-F1 there: linear ${pair(best.validation.linear)}, deep ${pair(best.validation.deep)}, mix ${pair(best.validation.mixed)}); ` +
    `each half alone on the test file: linear ${pair(best.test_parts.linear)}, deep ${pair(best.test_parts.deep)}; ` +
    `peak memory ${result.peak_mem_mb} MB, ${result.leaked_tensors} tensors leaked.` +
    (best.transductive
      ? ` ${TRANSDUCTIVE_MODEL}: word vectors ${fmt(best.transductive.pretrain_s, 1)} s (${best.transductive.pretrain_texts.toLocaleString('en-US')} texts) + ${best.architecture} ${fmt(best.transductive.deep_s, 1)} s, deep share ${best.transductive.mix_weight}, deep alone on the test file ${pair(best.transductive.test_deep)}.`
      : '')
  );
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
// Tasks with photos (even with titles) are benched in Chromium by `npm run bench:images`.
const withPhotos = await Promise.all(
  candidates.map((task) => hasImages(join(benchDir, task, 'train.csv'))),
);
const tasks = candidates.filter((_, i) => !withPhotos[i]);

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
  const runs = SHELFWISE_RUNS.map((run) => {
    console.error(`[bench:all] ${task}: ${run.model}`);
    return runShelfwise(task, train, test, run);
  });
  const [ours, best] = runs as [BenchResult & { model: string }, BenchResult & { model: string }];
  console.error(`[bench:all] ${task}: peers`);
  const { rows: peers, failure } = runPeers(train, test);
  const svm = peers.find((p) => p.model.toLowerCase().includes('svm'));
  const fasttext = peers.find((p) => p.model.toLowerCase().includes('fasttext'));
  const trainRatio = ratio(ours.train_s, svm?.train_s);
  const predictRatio = ratio(ours.predict_per_s, fasttext?.predict_per_s);
  console.error(
    `[bench:all] ${task}: Fast trains in ${fmt(ours.train_s, 2)} s against the SVM's ${svm ? fmt(svm.train_s, 2) : '—'} s (ratio ${fmt(trainRatio, 2)}), ` +
      `${Math.round(ours.predict_per_s)} predictions/s against fastText's ${fasttext ? Math.round(fasttext.predict_per_s) : '—'} (ratio ${fmt(predictRatio, 2)})`,
  );
  const transductive = transductiveRow(best);
  const rows = [...runs, ...(transductive ? [transductive] : []), ...peers];
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
      `Shelfwise Fast: ${ours.epochs} epochs on ${ours.backend}, peak memory ${ours.peak_mem_mb} MB, ${ours.leaked_tensors} tensors leaked.`,
      ...runs.slice(1).flatMap((run) => ['', bestNote(run)]),
      ...(failure ? ['', `A peer did not finish in this run: \`${failure}\``] : []),
      '',
    ].join('\n'),
  );
  const goal = (met: boolean) => (met ? 'yes' : '**no**');
  summary.push(
    `| ${task} | ${fmt(ours.macro_f1)} / ${fmt(ours.acc)} | ${fmt(best.macro_f1)} / ${fmt(best.acc)} | ${svm ? `${fmt(svm.macro_f1)} / ${fmt(svm.acc)}` : '—'} | ` +
      `${svm ? goal(ours.macro_f1 >= svm.macro_f1 && ours.acc >= svm.acc) : '—'} | ${svm ? goal(best.macro_f1 >= svm.macro_f1 + 0.01 && best.acc >= svm.acc) : '—'} | ` +
      `${fmt(ours.train_s, 1)} | ${fmt(best.train_s, 1)} | ${svm ? fmt(svm.train_s, 1) : '—'} | ` +
      `${fmt(trainRatio, 2)} ${Number.isFinite(trainRatio) ? goal(trainRatio <= 1) : ''} | ` +
      `${svm ? `${fmt(best.train_s / svm.train_s, 1)}×` : '—'} | ` +
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
  'macro-F1 / accuracy on the test file. "Fast ≥ SVM" asks for macro-F1 and accuracy at least the SVM\'s; "Best ≥ SVM" for',
  "macro-F1 at least the SVM's + 0.01 and accuracy at least the SVM's. Best's vectors learn from the train file's texts only",
  '(the run that also reads the test texts is in the task sections).',
  "Train ratio: Fast's training time over the SVM's, both including vectorising the text (goal: at most 1).",
  "Predict ratio: Fast's test rows classified per second (batch classification through the classify worker's code)",
  "over fastText's, streamed through its CLI once the model is loaded (goal: at least 1). Both are timed the same way:",
  "the first row's answer marks the model as ready, and the rate is the other rows'; the SVM's is one call on all rows.",
  '',
  '| task | Fast | Best | SVM | Fast ≥ SVM | Best ≥ SVM | Fast train s | Best train s | SVM train s | train ratio | Best / SVM time | Fast predict / s | fastText predict / s | predict ratio |',
  '|---|---:|---:|---:|---|---|---:|---:|---:|---|---:|---:|---:|---|',
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
