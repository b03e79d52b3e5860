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

test('train, review by keyboard, reload, retrain with the corrections and compare', async ({
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

  // The review queue: classify the catalogue, likely label errors first.
  await page.getByRole('button', { name: 'Classify the catalogue' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /^Classified 3,000 products/ }),
  ).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('review-item').focus();

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
  await page.getByTestId('review-item').press('c');
  const search = page.getByRole('combobox', { name: 'Search categories' });
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

  // Everything survives a reload.
  await page.reload();
  await expect(page.getByTestId('review-counts')).toBeVisible({ timeout: 60_000 });
  expect(await app.reviewCounts()).toMatchObject({ decided: 6, corrected: 6 });

  // Retrain from the current model with the corrections; compare on the same held-out rows.
  await page.getByRole('button', { name: 'Retrain with 6 corrections' }).click();
  await expect(page.getByTestId('train-done')).toBeVisible({ timeout: 200_000 });
  const comparison = page.getByTestId('retrain-comparison');
  await expect(comparison).toBeVisible();
  await expect(comparison.getByRole('row', { name: /^Macro-F1/ })).toBeVisible();
  console.log(
    `retrain comparison: ${(await comparison.locator('table').first().innerText()).replace(/\s+/g, ' ')}`,
  );

  // The export carries every product with the model's choice and both labels.
  await page.getByRole('button', { name: 'Classify the catalogue' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Classified 3,000/ })).toBeVisible({
    timeout: 60_000,
  });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export predictions (CSV)' }).click();
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

  // A cross-check judges every product with a model that never saw it, so it also finds the
  // errors the current model has learnt; its first suggestion is one of ours.
  await page.getByRole('button', { name: /^Cross-check labels/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /^Cross-checked 3,000 products/ }),
  ).toBeVisible({ timeout: 200_000 });
  await expect(page.getByTestId('queue-source')).toContainText('cross-check');
  expect(flipped.has((await app.reviewItem()).title)).toBe(true);

  const classifyAfter = await app.tensors();
  expect(classifyAfter.classify).toBe(classifyBefore.classify);
});
