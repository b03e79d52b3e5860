import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';

const DEMO = 'public/demo/catalogue.csv';
const SCREENSHOT = process.env.EVALUATION_SCREENSHOT ?? 'test-results/evaluation.png';

/** Each demo title's true category (titles are unique there), to check what a drill-down shows. */
const categoryOfTitle = new Map(
  Papa.parse<{ title: string; category: string }>(readFileSync(DEMO, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data.map((row) => [row.title, row.category]),
);

test('evaluation views: top-3, confused pairs down to products, calibration charts, a threshold kept across a reload', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  const before = await app.tensors();
  await app.importCsv(DEMO);
  await app.train();

  const accuracy = await app.metric('metric-accuracy');
  const top3 = await app.metric('metric-top3');
  console.log(`demo accuracy=${accuracy} top-3=${top3}`);
  expect(top3).toBeGreaterThanOrEqual(accuracy);
  // 20 categories: top-3 among them should almost never miss on the demo.
  expect(top3).toBeGreaterThan(0.97);

  // The plain sentence leads; the figures for experts are one click (or Enter) away.
  await expect(page.getByTestId('screen-lead')).toContainText('can be labelled automatically');
  await expect(page.getByTestId('per-class-table')).toBeHidden();
  await app.openExpertFigures();
  await expect(page.getByTestId('per-class-table')).toBeVisible();

  // The per-class table filters by name and stays sortable.
  await page.getByLabel('Filter categories').fill('shoes');
  const classRows = page.getByTestId('per-class-table').locator('tbody tr');
  await expect(classRows).toHaveCount(3);
  await expect(page.getByTestId('per-class-count')).toHaveText('3 of 20 categories');
  await page.getByRole('button', { name: /^Category/ }).click();
  await expect(classRows.first().locator('td').first()).toHaveText(
    'Footwear > Shoes > Casual Shoes',
  );
  await page.getByLabel('Filter categories').fill('');
  await expect(classRows).toHaveCount(20);

  // The most confused pair opens onto its products, each really from the true category.
  const pairs = page.getByTestId('confused-pairs');
  const firstPair = pairs.getByRole('button', { expanded: false }).first();
  const pairName = (await firstPair.getAttribute('aria-label')) ?? '';
  const [, count, trueLabel, predictedLabel] =
    pairName.match(/^(\d+) (.+) predicted as (.+)$/) ?? [];
  console.log(`most confused: ${pairName}`);
  await firstPair.click();
  await expect(pairs.getByRole('button', { expanded: true })).toHaveCount(1);
  const products = page.getByTestId('confused-products').locator('tbody tr');
  await expect(products).toHaveCount(Number(count));
  for (const product of await products.all()) {
    const [title, truth, predicted, confidence] = await product.locator('td').allTextContents();
    expect(categoryOfTitle.get(title ?? '')).toBe(trueLabel);
    expect(truth).toBe(trueLabel);
    expect(predicted).toBe(predictedLabel);
    expect(confidence).toMatch(/^\d+\.\d%$/);
  }

  // Histogram and reliability diagram are drawn, and calibration helped.
  const histogram = page.getByTestId('confidence-histogram');
  await expect(histogram.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  expect(await histogram.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(2);
  const reliability = page.getByTestId('reliability-chart');
  await expect(reliability.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  await expect(reliability.locator('.recharts-line-curve')).toHaveCount(2);
  const ece = async (testId: string) =>
    Number.parseFloat((await page.getByTestId(testId).textContent()) ?? 'NaN');
  expect(await ece('ece-calibrated')).toBeLessThan(await ece('ece-raw'));

  // The coverage dial, from the keyboard: at 0 everything is labelled, at the model's
  // accuracy; a high threshold labels fewer products, more of them right.
  const slider = app.thresholdSlider();
  await expect(slider).toHaveValue('0.8');
  await app.pressOnThreshold('Home');
  await expect(page.getByTestId('threshold-value')).toHaveText('0%');
  await expect(page.getByTestId('coverage-share')).toHaveText('100.0%');
  // The lead sentence follows the dial.
  await expect(page.getByTestId('screen-lead')).toContainText('100.0% of your products');
  expect(await app.metric('coverage-accuracy')).toBeCloseTo(accuracy, 3);
  await app.pressOnThreshold('End');
  await app.pressOnThreshold('ArrowLeft', 5);
  await expect(slider).toHaveValue('0.95');
  const coverage = await app.metric('coverage-share');
  const coveredAccuracy = await app.metric('coverage-accuracy');
  console.log(`threshold 95%: coverage=${coverage} accuracy on covered=${coveredAccuracy}`);
  expect(coverage).toBeLessThan(1);
  expect(coverage).toBeGreaterThan(0.5);
  expect(coveredAccuracy).toBeGreaterThan(accuracy);

  await page.getByTestId('confused-pairs').scrollIntoViewIfNeeded();
  await page.getByTestId('expert-figures').screenshot({ path: SCREENSHOT });

  expect((await app.tensors()).train).toBe(before.train);

  await page.reload();
  await app.ready('wasm');
  await expect(app.thresholdSlider()).toHaveValue('0.95', { timeout: 60_000 });
  await expect(page.getByTestId('threshold-value')).toHaveText('95%');
  expect(await app.metric('coverage-share')).toBeCloseTo(coverage, 3);
});

test('a model trained before held-out predictions were kept says so and shows no broken views', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  await app.importCsv('tests/fixtures/small-catalogue.csv');
  await app.setOption('Max epochs', '4');
  await app.train();
  await app.go('check');
  await expect(app.thresholdSlider()).toBeVisible();
  // What an older model looks like: its record without the evaluations entry.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('shelfwise');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('evaluations', 'readwrite');
          tx.objectStore('evaluations').clear();
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await app.ready('wasm');
  await app.openExpertFigures();
  await expect(page.getByTestId('no-held-out-predictions')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('per-class-table').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('confused-pairs')).toHaveCount(0);
  await expect(page.getByTestId('reliability-chart')).toHaveCount(0);
  await expect(app.thresholdSlider()).toHaveCount(0);
});
