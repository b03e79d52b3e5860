import type { Page } from '@playwright/test';
import { test, expect, ShelfwiseApp } from './fixtures.ts';
import { SAMPLE_TITLES } from '../fixtures/sample-titles.ts';

const CATALOGUE = 'tests/fixtures/small-catalogue.csv';
type Ranked = { label: string; probability: number }[];

/** Top-5 of the model in use, unrounded, once the app has it loaded. */
async function predictions(app: ShelfwiseApp): Promise<Ranked[]> {
  // The Classify button is enabled only once the model in use is loaded in the worker.
  expect(await app.classify(SAMPLE_TITLES[0] as string)).toHaveLength(5);
  return app.page.evaluate((titles) => window.shelfwise!.classify(titles), SAMPLE_TITLES);
}

function expectSamePredictions(actual: Ranked[], expected: Ranked[]) {
  expect(actual.map((ranked) => ranked.map((p) => p.label))).toEqual(
    expected.map((ranked) => ranked.map((p) => p.label)),
  );
  actual.forEach((ranked, r) =>
    ranked.forEach((p, i) =>
      expect(Math.abs(p.probability - (expected[r]?.[i]?.probability ?? -1))).toBeLessThan(1e-6),
    ),
  );
}

/** Deletes the app's IndexedDB database (its connections close on request) and reloads. */
async function clearStorage(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('shelfwise');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(new Error(String(request.error)));
      }),
  );
  await page.reload();
  const app = new ShelfwiseApp(page);
  await app.ready();
  await app.go('import');
  await expect(page.getByText('No catalogue yet')).toBeVisible();
  await app.go('models');
  await expect(page.getByText('No model yet')).toBeVisible();
}

async function download(page: Page, click: () => Promise<void>, path: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  await file.saveAs(path);
  return path;
}

test('a model exported as a bundle classifies identically after storage is cleared and it is imported', async ({
  app,
  page,
}, testInfo) => {
  await app.open('wasm');
  await app.importCsv(CATALOGUE);
  await app.setOption('Max epochs', '4');
  await app.train();
  await app.setOption('Seed', '7');
  await app.setOption('Max epochs', '2');
  await app.train();
  await app.go('models');
  const rows = page.getByTestId('model-registry').locator('li');
  await expect(rows).toHaveCount(2);
  const before = await predictions(app);

  // Rename the model in use (the newest), from the keyboard.
  await app.go('models');
  const inUse = rows.filter({ hasText: 'in use' });
  await inUse.getByRole('button', { name: /^Rename / }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Spring catalogue v2');
  await page.keyboard.press('Enter');
  await expect(inUse.locator('.model-name')).toHaveText('Spring catalogue v2');

  // Compare the two side by side: figures, options and per-category F1.
  for (const checkbox of await rows.getByRole('checkbox').all()) await checkbox.check();
  const comparison = page.getByTestId('model-comparison');
  await expect(comparison).toContainText('A: ');
  await expect(comparison.getByTestId('per-class-diff').locator('tbody tr')).toHaveCount(5);
  await expect(comparison.locator('tr.differs').first()).toContainText(/Max epochs|Seed/);

  // Export: each precision is measured on the held-out rows before saving.
  await page.getByRole('button', { name: 'Export Spring catalogue v2' }).click();
  const effect = page.getByTestId('bundle-effect');
  await expect(effect).toContainText('0 top categories changed');
  const exact = await page.getByTestId('bundle-size').textContent();
  await page.getByRole('radio', { name: /^uint8/ }).check();
  await expect(effect).toContainText('held-out test rows');
  const quantised = await page.getByTestId('bundle-size').textContent();
  console.log(`bundle float32=${exact} uint8=${quantised}; uint8: ${await effect.textContent()}`);
  expect(quantised).not.toBe(exact);
  await page.getByRole('radio', { name: /^float32/ }).check();
  await expect(effect).toContainText('0 top categories changed');
  const bundle = await download(
    page,
    () => page.getByRole('button', { name: 'Save bundle' }).click(),
    testInfo.outputPath('model.zip'),
  );

  await clearStorage(page);
  await page.getByTestId('bundle-file').setInputFiles(bundle);
  await expect(page.getByTestId('registry-notice')).toContainText('not in this browser');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('.model-name')).toHaveText('Spring catalogue v2');
  expectSamePredictions(await predictions(app), before);

  // A damaged file is refused with a message that names the problem, and nothing changes.
  await app.go('models');
  await page.getByTestId('bundle-file').setInputFiles(CATALOGUE);
  await expect(page.getByRole('alert')).toContainText('not a readable .zip');
  await expect(rows).toHaveCount(1);
});

test('a project export brings datasets and models back into empty storage, ready to train further', async ({
  app,
  page,
}, testInfo) => {
  await app.open('wasm');
  await app.importCsv(CATALOGUE);
  await app.setOption('Max epochs', '3');
  await app.train();
  const before = await predictions(app);

  await app.go('project');
  const archive = await download(
    page,
    () => page.getByRole('button', { name: 'Export project' }).click(),
    testInfo.outputPath('project.zip'),
  );
  await expect(page.getByTestId('project-done')).toContainText('Exported 1 dataset and 1 model');

  await clearStorage(page);
  await app.go('project');
  await page.getByTestId('project-file').setInputFiles(archive);
  await expect(page.getByTestId('project-done')).toContainText(
    'Project imported: 1 dataset and 1 model',
  );
  await app.go('import');
  await expect(page.getByTestId('dataset-rows').first()).toHaveText('300');
  await app.go('models');
  await expect(page.getByTestId('model-registry').locator('li')).toHaveCount(1);
  expectSamePredictions(await predictions(app), before);

  // Importing the same project again skips what is already here.
  await app.go('project');
  await page.getByTestId('project-file').setInputFiles(archive);
  await expect(page.getByTestId('project-done')).toContainText(
    'Project imported: 0 datasets and 0 models',
  );
  await expect(page.getByTestId('project-done')).toContainText('left as they were');

  // The imported model trains further on its dataset.
  await app.go('train');
  await page.getByRole('button', { name: 'Continue training this model' }).click();
  await expect(page.getByTestId('train-done')).toBeVisible({ timeout: 120_000 });
  await app.go('models');
  await expect(page.getByTestId('model-registry').locator('li')).toHaveCount(2);
});
