/**
 * Peak JS heap of training on a large catalogue, through the built app in Chromium: imports
 * the CSV, starts a one-epoch run on the wasm backend and samples the heap of the page and its
 * workers until the run has trained `--batches` batches, then cancels it. Compares how
 * training holds a catalogue (texts in memory, or streamed from IndexedDB) without waiting for
 * a whole epoch of a million rows. Prints one JSON line.
 *   npx tsx scripts/bench-train-heap.ts --csv <catalogue.csv> [--batches 2000]
 */
import { JsHeapSampler, megabytes } from './bench/js-heap.ts';
import { launchBenchBrowser, startPreview } from './bench/run-browser.ts';
import { openAppPage, setMaxEpochs } from './bench/open-app-page.ts';
import { scriptArgs } from './script-args.ts';

const args = scriptArgs();
const argument = (name: string, fallback: string): string => args.get(name) ?? fallback;

const csv = argument('csv', '');
const targetBatches = Number(argument('batches', '2000'));
const MINUTES = 60_000;
if (!csv) throw new Error('--csv <catalogue.csv> is required');

async function main(): Promise<void> {
  const { url, server } = await startPreview();
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage();
    (await openAppPage(page, url, 'wasm')).stop();
    const heap = await JsHeapSampler.start(browser);
    await page.getByTestId('catalogue-file').setInputFiles(csv);
    await page.getByRole('button', { name: /^Import / }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 20 * MINUTES });
    await heap.sample();
    heap.resetPeak();
    const started = performance.now();
    await setMaxEpochs(page, 1);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const batchText = page.getByText(/^Epoch 1 of at most 1, batch \d+\//);
    await batchText.waitFor({ timeout: 30 * MINUTES });
    const firstBatchSeconds = (performance.now() - started) / 1000;
    let batch = 0;
    let batches = 0;
    while (batch < targetBatches) {
      const match = /batch (\d+)\/(\d+)/.exec((await batchText.textContent()) ?? '');
      batch = Number(match?.[1] ?? 0);
      batches = Number(match?.[2] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    const figures = await heap.stop();
    await page.getByRole('button', { name: 'Cancel' }).click();
    console.log(
      JSON.stringify({
        csv,
        firstBatchSeconds: Math.round(firstBatchSeconds),
        batchesTrained: batch,
        batchesPerEpoch: batches,
        seconds: Math.round(seconds),
        peakHeapMb: megabytes(figures.peakBytes),
        peakByKindMb: Object.fromEntries(
          Object.entries(figures.peakByKind).map(([kind, bytes]) => [kind, megabytes(bytes)]),
        ),
      }),
    );
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

await main();
