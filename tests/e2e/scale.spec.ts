import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { writeBigCatalogue } from '../../scripts/bench/big-catalogue.ts';
import { JsHeapSampler, megabytes } from '../../scripts/bench/js-heap.ts';
import { PeakMemory } from '../../scripts/bench/memory.ts';

const ROWS = 1_000_000;
/**
 * The file is ~79 MB and holding its rows as objects would take several hundred MB of heap.
 * The import reads 4 MB slices and stores 1,000-row chunks, measured at ~100 MB of JS heap
 * (page and workers together) at its peak; 400 MB catches a return to whole-file reading.
 */
const MAX_HEAP_MB = 400;

test('imports a million-row catalogue with flat memory and scrolls its rows to the last one', async ({
  app,
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'shelfwise-scale-'));
  try {
    const csv = join(dir, 'million-products.csv');
    const bytes = writeBigCatalogue('tests/fixtures/small-catalogue.csv', ROWS, csv);
    await app.open('wasm');
    const heap = await JsHeapSampler.start(browser);
    // The browser is a child of this test process: its whole tree, GPU and renderers included.
    const processes = new PeakMemory(process.pid, true);
    const started = Date.now();
    await page.getByTestId('catalogue-file').setInputFiles(csv);
    await page.getByRole('button', { name: /^Import / }).click();
    await expect(page.getByText(/rows\/s\)/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: /^Imported/ })).toBeVisible({
      timeout: 240_000,
    });
    const seconds = (Date.now() - started) / 1000;
    const figures = await heap.stop();
    const browserMb = processes.stop();
    const summary = `1M-row import: ${(bytes / 2 ** 20).toFixed(0)} MB file in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s), peak JS heap ${megabytes(figures.peakBytes)} MB (page ${megabytes(figures.peakByKind.page ?? 0)} MB, workers ${megabytes(figures.peakByKind.worker ?? 0)} MB), peak browser memory (RSS) ${browserMb} MB`;
    console.log(summary);
    test.info().annotations.push({ type: 'memory', description: summary });
    expect(megabytes(figures.peakBytes)).toBeLessThan(MAX_HEAP_MB);

    await expect(page.getByTestId('dataset-rows').first()).toHaveText('1,000,000');
    const table = page.getByTestId('dataset-rows-table');
    await expect(table).toHaveAttribute('aria-rowcount', String(ROWS));
    await expect(table.locator('[aria-rowindex="1"]')).toContainText('p1');
    await table.focus();
    await page.keyboard.press('End');
    const last = table.locator(`[aria-rowindex="${ROWS}"]`);
    await expect(last).toContainText(`p${ROWS}`);
    await expect(last).toBeInViewport();
    await page.keyboard.press('Home');
    await expect(table.locator('[aria-rowindex="1"]')).toBeInViewport();
    await page.getByLabel('Go to row').fill('500,000');
    await page.getByLabel('Go to row').press('Enter');
    await expect(table.locator('[aria-rowindex="500000"]')).toContainText('p500000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
