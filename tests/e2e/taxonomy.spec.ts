import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const DEMO = 'public/demo/catalogue.csv';

async function exportStandard(page: Page): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download with .* categories$/ }).click(),
  ]);
  const csv = await readFile((await download.path()) as string, 'utf8');
  return Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
}

test('hierarchy metrics and back-off, then map the demo to Shopify in English and Chinese and export confirmed standard ids only', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  const before = await app.tensors();
  await app.importCsv(DEMO);
  await app.setOption('Max epochs', '3');
  await app.train();

  // The demo's paths have three levels: the expert figures report each on the held-out rows.
  await app.openExpertFigures();
  const levels = page.getByTestId('hierarchy-metrics');
  await expect(levels.locator('tbody tr')).toHaveCount(4);
  const levelOne = await app.metric('level-1-accuracy');
  const leaf = await app.metric('metric-accuracy');
  expect(levelOne).toBeGreaterThanOrEqual(leaf);
  expect(levelOne).toBeGreaterThan(0.8);
  expect(await app.metric('hierarchical-f1')).toBeGreaterThan(0.8);

  await app.classify('Titan Men Silver Dial Analog Watch');
  await expect(page.getByTestId('path-prediction')).toContainText('Accessories › Watches');
  expect((await app.tensors()).classify).toBe(before.classify);

  await app.go('taxonomy');
  await page.getByLabel('Standard taxonomy').selectOption('shopify');
  const table = page.getByTestId('mapping-table');
  const row = (category: string) => table.locator(`li[data-category="${category}"]`);
  await expect(table.locator('li')).toHaveCount(20, { timeout: 120_000 });
  // A name-and-products suggestion that is right without help, but not confirmed yet.
  await expect(row('Footwear > Shoes > Heels').locator('nav')).toHaveText(/Shoes.*Heels/);
  await expect(page.getByTestId('mapping-confirmed')).toHaveText('0 of 20 confirmed or edited');

  // The search finds what shops call flip flops and kurtas, in any word form.
  const flipFlops = page.getByRole('combobox', {
    name: 'Standard category for Footwear > Flip Flops > Flip Flops',
  });
  const flipOptions = page.getByRole('listbox', {
    name: 'Standard category for Footwear > Flip Flops > Flip Flops: matches',
  });
  await flipFlops.fill('flip flop');
  await expect(flipOptions.getByRole('option').first()).toContainText(/Sandals|Slippers/);
  await flipFlops.fill('Flip-Flops');
  await expect(flipOptions.getByRole('option').first()).toContainText(/Sandals|Slippers/);
  await flipFlops.press('Escape');
  const kurtas = page.getByRole('combobox', {
    name: 'Standard category for Apparel > Topwear > Kurtas',
  });
  await kurtas.fill('kurtas');
  // Tunics among the first three: "kurta" also means traditional clothing, whose shallower
  // "Traditional Clothing Accessories" may come first.
  await expect(
    page
      .getByRole('listbox', { name: 'Standard category for Apparel > Topwear > Kurtas: matches' })
      .getByRole('option')
      .filter({ hasText: 'Tunics' })
      .first(),
  ).toBeVisible();
  const kurtaOptions = await page
    .getByRole('listbox', { name: 'Standard category for Apparel > Topwear > Kurtas: matches' })
    .getByRole('option')
    .allTextContents();
  expect(kurtaOptions.slice(0, 3).some((text) => text.includes('Tunics'))).toBe(true);
  await kurtas.press('Escape');

  // English search, keyboard only.
  const tshirts = page.getByRole('combobox', {
    name: 'Standard category for Apparel > Topwear > Tshirts',
  });
  await tshirts.focus();
  await tshirts.pressSequentially('t-shirts');
  const listbox = page.getByRole('listbox', {
    name: 'Standard category for Apparel > Topwear > Tshirts: matches',
  });
  await expect(listbox.getByRole('option').first()).toContainText('Clothing Tops');
  await tshirts.press('ArrowDown');
  await tshirts.press('ArrowUp');
  await expect(listbox.getByRole('option', { selected: true })).toContainText('T-Shirts');
  await tshirts.press('Enter');
  await expect(listbox).toBeHidden();
  await expect(row('Apparel > Topwear > Tshirts').locator('nav')).toHaveText(
    /Clothing Tops.*T-Shirts/,
  );
  await expect(row('Apparel > Topwear > Tshirts')).toContainText('edited');

  // Classify straight into Shopify: through the model and the mapping, or, for a product no
  // category of the shop covers, from the names of the standard categories alone.
  const standardTitle = page.getByLabel(/^Classify a product into Shopify/);
  const standard = page.getByTestId('standard-predictions').locator('li');
  await standardTitle.fill('Puma Men Black Running Sports Shoes');
  await page.getByRole('button', { name: 'Classify', exact: true }).click();
  await expect(standard.first()).toContainText('Apparel & Accessories › Shoes');
  await expect(standard.first()).toContainText(/model/);
  await standardTitle.fill('Flexible garden hose 15 m with spray nozzle');
  await page.getByRole('button', { name: 'Classify', exact: true }).click();
  await expect(standard.first()).toContainText('Garden Hose');
  await expect(standard.first()).toContainText('from the category names');

  // Chinese names and search.
  await page.getByLabel('Names in').selectOption('zh-CN');
  await flipFlops.focus();
  await flipFlops.fill('凉鞋');
  await expect(flipOptions.getByRole('option').first()).toContainText('服饰与配饰 › 鞋类');
  await flipFlops.press('Enter');
  await expect(row('Footwear > Flip Flops > Flip Flops').locator('nav')).toHaveText(/鞋类.*凉鞋/);
  // Escape closes without choosing.
  await flipFlops.focus();
  await flipFlops.fill('鞋');
  await expect(flipOptions).toBeVisible();
  await flipFlops.press('Escape');
  await expect(flipOptions).toBeHidden();
  await expect(page.getByTestId('mapping-confirmed')).toHaveText('2 of 20 confirmed or edited');

  // The export writes standard ids for the two mappings the owner made, and for no guess.
  await app.go('export');
  await expect(page.getByTestId('export-standard')).toContainText('2 of 20 categories confirmed');
  const first = await exportStandard(page);
  expect(first).toHaveLength(3000);
  for (const line of first) {
    const mapped = ['Apparel > Topwear > Tshirts', 'Footwear > Flip Flops > Flip Flops'].includes(
      line.predicted_category ?? '',
    );
    expect(line.shopify_product_category !== '').toBe(mapped);
  }

  // Accepting in bulk takes only the suggestions at or above the score shown.
  await app.go('taxonomy');
  await page.getByLabel('Accept suggestions scoring at least').fill('0.5');
  const accept = page.getByRole('button', { name: /^Accept \d+ suggestions?$/ });
  const accepted = Number(/(\d+)/.exec((await accept.textContent()) ?? '')?.[1]);
  await accept.click();
  await expect(page.getByTestId('mapping-confirmed')).toHaveText(
    `${accepted + 2} of 20 confirmed or edited`,
  );

  // The table and the chosen taxonomy are stored: both are back after a reload.
  await page.reload();
  await app.ready('wasm');
  await expect(page.getByLabel('Standard taxonomy')).toHaveValue('shopify');
  await expect(row('Apparel > Topwear > Tshirts')).toContainText('edited', { timeout: 60_000 });

  // The export classifies every product with the stored model and maps what was confirmed.
  await app.go('export');
  const parsed = await exportStandard(page);
  expect(Object.keys(parsed[0] ?? {})).toEqual([
    'id',
    'title',
    'category',
    'predicted_category',
    'confidence',
    'shopify_product_category',
    'shopify_product_category_path',
  ]);
  expect(parsed).toHaveLength(3000);
  const predictedTshirts = parsed.filter(
    (line) => line.predicted_category === 'Apparel > Topwear > Tshirts',
  );
  expect(predictedTshirts.length).toBeGreaterThan(50);
  for (const line of predictedTshirts) {
    expect(line.shopify_product_category).toBe('gid://shopify/TaxonomyCategory/aa-1-13-8');
    expect(line.shopify_product_category_path).toBe(
      'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts',
    );
  }
  expect(
    parsed.find((line) => line.predicted_category === 'Footwear > Flip Flops > Flip Flops')
      ?.shopify_product_category,
  ).toBe('gid://shopify/TaxonomyCategory/aa-8-6');
  const mappedCategories = new Set(
    parsed.filter((line) => line.shopify_product_category).map((line) => line.predicted_category),
  );
  expect(mappedCategories.size).toBe(accepted + 2);
});
