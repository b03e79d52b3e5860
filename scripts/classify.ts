/**
 * Classifies a catalogue with an exported model bundle, outside the browser, for catalogues
 * too large for a tab or for a nightly job:
 *   npm run -s classify -- --bundle model.zip --input catalogue.csv --output predictions.csv
 * The input is read as the app imports it (CSV or TSV); the output has the columns of the
 * app's predictions export. Progress goes to stderr; the last stderr line sums up the run.
 * Worker threads classify chunks beside the main thread, one per further core (at most
 * MAX_THREADS) unless --threads says how many (0: the main thread alone).
 */
import { availableParallelism } from 'node:os';
import { classifyFile, type ClassifyFileProgress } from './classify/classify-file.ts';
import { useNodeBackend } from './bench/run-node.ts';
import { PeakMemory } from './bench/memory.ts';
import { scriptArgs } from './script-args.ts';
import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';

const USAGE =
  'usage: npm run -s classify -- --bundle <model.zip> --input <catalogue.csv|.tsv> --output <predictions.csv> [--backend wasm|cpu] [--threads N]';
/** Each thread holds a copy of the model (a few hundred MB for a large one). */
const MAX_THREADS = 7;
const PROGRESS_INTERVAL_MS = 1000;

function formatProgress({ rows, bytes, totalBytes, elapsedMs }: ClassifyFileProgress): string {
  const share = totalBytes > 0 ? bytes / totalBytes : 0;
  const rate = rows / Math.max(1e-3, elapsedMs / 1000);
  const etaSeconds = share > 0 ? (elapsedMs / 1000) * ((1 - share) / share) : Number.NaN;
  const eta = Number.isFinite(etaSeconds) ? `, about ${Math.ceil(etaSeconds)} s left` : '';
  return `classified ${rows.toLocaleString('en-US')} rows (${Math.round(share * 100)}% of the file), ${Math.round(rate).toLocaleString('en-US')} rows/s${eta}`;
}

try {
  const args = scriptArgs();
  const [bundle, input, output] = ['bundle', 'input', 'output'].map((name) => args.get(name));
  if (!bundle || !input || !output) throw new Error(USAGE);
  const backend = (args.get('backend') ?? 'wasm') as BackendName;
  if (!BACKEND_NAMES.includes(backend)) throw new Error(`${USAGE}\nunknown backend "${backend}"`);
  const threads = Number(args.get('threads') ?? Math.min(MAX_THREADS, availableParallelism() - 1));
  if (!Number.isInteger(threads) || threads < 0)
    throw new Error(`${USAGE}\n--threads takes a whole number, 0 or more`);
  await useNodeBackend(backend);
  const memory = new PeakMemory();
  let lastReport = 0;
  const result = await classifyFile({
    bundle,
    input,
    output,
    threads,
    onProgress: (progress) => {
      if (progress.elapsedMs - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = progress.elapsedMs;
      console.error(formatProgress(progress));
    },
  });
  const peakMb = memory.stop();
  for (const problem of result.problems.slice(0, 20)) console.error(problem.message);
  if (result.problems.length > 20)
    console.error(`… and ${result.problems.length - 20} more problems`);
  console.error(
    `wrote ${output}: ${result.rows.toLocaleString('en-US')} rows in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(result.rows / Math.max(1e-3, result.seconds)).toLocaleString('en-US')} rows/s, ` +
      `peak memory ${peakMb} MB, ${threads} worker thread${threads === 1 ? '' : 's'}, ${result.skippedRows} rows skipped, model ${result.modelId})`,
  );
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
