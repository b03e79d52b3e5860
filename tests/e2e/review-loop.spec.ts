import Papa from 'papaparse';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';

interface DemoRow {
  id: string;
  title: string;
  description: string;
  category: string;
}

/**
 * The demo catalogue with every 40th product moved to the next category (75 of 3,000): label
 * errors a shop owner would want the review queue to surface first.
 */
function demoWithLabelErrors(path: string): Set<string> {
  const rows = Papa.parse<DemoRow>(readFileSync('public/demo/catalogue.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const categories = [...new Set(rows.map((row) => row.category))].sort();
  const flipped = new Set<string>();
  rows.forEach((row, i) => {
    if (i % 40 !== 0) return;
    const next = (categories.indexOf(row.category) + 1) % categories.length;
    row.category = categories[next] as string;
    flipped.add(row.title);
  });
  writeFileSync(path, Papa.unparse(rows));
  return flipped;
}

test('train, review the cross-checked queue by keyboard, reload, retrain with the corrections, compare, label and export', async ({
  app,
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('demo-with-label-errors.csv');
  const flipped = demoWithLabelErrors(csv);
  await app.open('wasm');
  await app.importCsv(csv);
  await app.train();
  const classifyBefore = await app.tensors();

  // Explanations: exact word contributions and the nearest catalogue products.
  await app.classify('Titan Men Silver Dial Analog Watch');
  const explanation = page.getByTestId('explanation');
  await expect(explanation.locator('mark')).toHaveCount(6);
  const watch = explanation.locator('mark', { hasText: /^watch$/ });
  expect(Number(await watch.getAttribute('data-contribution'))).toBeGreaterThan(0);
  await expect(page.getByTestId('nearest').locator('li')).toHaveCount(5);
  // The top result's "why?" can be clicked (its bar once covered it), and so can the others'.
  const [top, second] = await page
    .getByTestId('predictions')
    .locator('li .label')
    .allTextContents();
  await page.getByRole('button', { name: `Why ${second}` }).click();
  await expect(explanation.locator('h3').first()).toContainText(second ?? '');
  await page.getByRole('button', { name: `Why ${top}` }).click();
  await expect(explanation.locator('h3').first()).toContainText(top ?? '');

  // The review queue comes from the cross-check: products judged by a model that never saw
  // them, so the label errors the model learnt by heart show too.
  await app.go('review');
  await expect(page.getByRole('button', { name: /^Check every product/ })).toHaveClass(/primary/);
  await app.crossCheck();
  await expect(page.getByTestId('queue-source')).toContainText('cross-check');

  // The keys work at once: nothing is clicked or focused first.
  const started = Date.now();
  const accepted: string[] = [];
  for (let i = 0; i < 5; i++) {
    const item = await app.reviewItem();
    expect(item.suggestion).not.toBe(item.current);
    accepted.push(item.title);
    await app.reviewKey('a');
  }
  const perDecisionMs = (Date.now() - started) / 5;
  // The queue puts injected errors first: at least 4 of the top 5 are products we mislabelled.
  expect(accepted.filter((title) => flipped.has(title)).length).toBeGreaterThanOrEqual(4);
  expect(await app.reviewCounts()).toMatchObject({ decided: 5, corrected: 5 });

  // Skip one, relabel the next through the picker, undo that, then accept it instead.
  await app.reviewKey('s');
  const target = await app.reviewItem();
  await page.keyboard.press('c');
  const search = page.getByRole('combobox', { name: 'Search categories' });
  await expect(search).toBeFocused();
  await search.fill('flip flops');
  await expect(
    page.getByRole('listbox', { name: 'Categories' }).getByRole('option').first(),
  ).toContainText('Flip Flops');
  await search.press('Enter');
  await expect.poll(async () => (await app.reviewCounts()).decided).toBe(6);
  await app.reviewKey('u');
  expect(await app.reviewItem()).toEqual(target);
  await app.reviewKey('a');
  const counts = await app.reviewCounts();
  expect(counts).toMatchObject({ decided: 6, corrected: 6 });
  console.log(
    `review: ${perDecisionMs.toFixed(0)} ms per keyboard decision (key to stored and shown); ` +
      `${accepted.filter((t) => flipped.has(t)).length}/5 of the first items were injected errors`,
  );

  // Everything survives a reload: the screen, the queue, the decisions.
  await page.reload();
  await app.ready('wasm');
  await expect(page.getByTestId('review-counts')).toBeVisible({ timeout: 60_000 });
  expect(await app.reviewCounts()).toMatchObject({ decided: 6, corrected: 6 });
  await expect(page.getByTestId('queue-source')).toContainText('cross-check');

  // Retrain from the current model with the corrections; compare on the same held-out rows.
  await page.getByTestId('next-train').click();
  await page.getByRole('button', { name: 'Retrain with 6 corrections' }).click();
  await expect(page.getByTestId('train-done')).toBeVisible({ timeout: 200_000 });
  await page.getByTestId('next-check').click();
  const comparison = page.getByTestId('retrain-comparison');
  await expect(comparison).toBeVisible();
  // Corrections from the cross-checked queue reach training: it says "after your corrections".
  await expect(comparison.getByRole('heading')).toHaveText('Before and after your corrections');
  await expect(page.getByTestId('retrain-summary')).toContainText(
    /After your \d corrections? to the products it learns from/,
  );
  await comparison.getByTestId('retrain-expert').locator('summary').click();
  await expect(comparison.getByRole('row', { name: /^Macro-F1/ })).toBeVisible();
  console.log(
    `retrain comparison: ${(await comparison.locator('table').first().innerText()).replace(/\s+/g, ' ')}`,
  );

  // The review queue of the retrained model is still the cross-check's, less what was decided.
  await app.go('review');
  await expect(page.getByTestId('queue-source')).toContainText('cross-check');
  expect((await app.reviewCounts()).decided).toBe(6);

  // Label the catalogue with the retrained model, then export: every product with the
  // model's choice and both labels. Labelling leaves the review queue as it was.
  await app.go('label');
  await page.getByRole('button', { name: /^Label the catalogue/ }).click();
  await expect(page.getByTestId('label-summary')).toBeVisible({ timeout: 60_000 });
  await app.go('review');
  await expect(page.getByTestId('queue-source')).toContainText('cross-check');
  await app.go('export');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the labelled catalogue' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8');
  const lines = Papa.parse<Record<string, string>>(exported, { header: true }).data;
  expect(lines).toHaveLength(3000);
  expect(Object.keys(lines[0] ?? {})).toEqual([
    'id',
    'title',
    'predicted',
    'confidence',
    'top3',
    'abstained',
    'original_label',
    'current_label',
  ]);
  expect(lines.filter((l) => l.original_label !== l.current_label)).toHaveLength(6);

  // The decisions export names each of them.
  const decisions = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Download \d+ decisions/ }).click();
  const trail = Papa.parse<Record<string, string>>(
    readFileSync(await (await decisions).path(), 'utf8'),
    { header: true },
  ).data;
  expect(trail.filter((line) => line.action === 'accept').length).toBeGreaterThanOrEqual(6);

  const classifyAfter = await app.tensors();
  expect(classifyAfter.classify).toBe(classifyBefore.classify);
});

test('a retrain that used no corrections is never shown as "after your corrections"', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  await app.importCsv('tests/fixtures/small-catalogue.csv');
  await app.setOption('Max epochs', '2');
  await app.train();
  await page.getByRole('button', { name: 'Continue training this model' }).click();
  await expect(page.getByTestId('train-done')).toBeVisible({ timeout: 120_000 });
  await app.go('check');
  const comparison = page.getByTestId('retrain-comparison');
  await expect(comparison.getByRole('heading')).toHaveText('Before and after further training');
  await expect(comparison).not.toContainText('after your corrections');
  await expect(page.getByTestId('retrain-summary')).toContainText(
    'None of your corrections were on products the model learns from',
  );
});
