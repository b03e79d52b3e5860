import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { test, expect } from './fixtures.ts';

const DEMO = 'public/demo/catalogue.csv';

test('hierarchy metrics and back-off, then map the demo to Shopify in English and Chinese and export standard ids', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  const before = await app.tensors();
  await app.importCsv(DEMO);
  await app.setOption('Max epochs', '3');
  await app.train();

  // The demo's paths have three levels: the panel reports each on the held-out rows.
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

  await page.getByLabel('Standard taxonomy').selectOption('shopify');
  const table = page.getByTestId('mapping-table');
  await expect(table.locator('tbody tr')).toHaveCount(20, { timeout: 120_000 });
  // A name-and-products suggestion that is right without help.
  await expect(table.locator('tr[data-category="Footwear > Shoes > Heels"] nav')).toHaveText(
    /Shoes.*Heels/,
  );

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
  const tshirtRow = table.locator('tr[data-category="Apparel > Topwear > Tshirts"]');
  await expect(tshirtRow.locator('nav')).toHaveText(/Clothing Tops.*T-Shirts/);
  await expect(tshirtRow).toContainText('edited');

  // Classify straight into Shopify: through the model and the mapping, or, for a product no
  // category of the shop covers, from the names of the standard categories alone.
  const standardTitle = page.getByLabel(/^Classify a product into Shopify/);
  const standard = page.getByTestId('standard-predictions').locator('li');
  await standardTitle.fill('Puma Men Black Running Sports Shoes');
  await page.getByRole('button', { name: 'Classify', exact: true }).last().click();
  await expect(standard.first()).toContainText('Apparel & Accessories › Shoes');
  await expect(standard.first()).toContainText(/model/);
  await standardTitle.fill('Flexible garden hose 15 m with spray nozzle');
  await page.getByRole('button', { name: 'Classify', exact: true }).last().click();
  await expect(standard.first()).toContainText('Garden Hose');
  await expect(standard.first()).toContainText('from the category names');

  // Chinese names and search.
  await page.getByLabel('Names in').selectOption('zh-CN');
  const flipFlops = page.getByRole('combobox', {
    name: 'Standard category for Footwear > Flip Flops > Flip Flops',
  });
  await flipFlops.focus();
  await flipFlops.fill('凉鞋');
  const zhOptions = page.getByRole('listbox', {
    name: 'Standard category for Footwear > Flip Flops > Flip Flops: matches',
  });
  await expect(zhOptions.getByRole('option').first()).toContainText('服饰与配饰 › 鞋类');
  await flipFlops.press('Enter');
  await expect(
    table.locator('tr[data-category="Footwear > Flip Flops > Flip Flops"] nav'),
  ).toHaveText(/鞋类.*凉鞋/);
  // Escape closes without choosing.
  await flipFlops.focus();
  await flipFlops.fill('鞋');
  await expect(zhOptions).toBeVisible();
  await flipFlops.press('Escape');
  await expect(zhOptions).toBeHidden();

  await page.getByRole('button', { name: 'Confirm all suggestions' }).click();
  await expect(page.getByTestId('mapping-confirmed')).toHaveText(/^\d+ of 20 confirmed/);

  // The table is stored: it is back after a reload.
  await page.reload();
  await page.getByLabel('Standard taxonomy').selectOption('shopify');
  await expect(table.locator('tr[data-category="Apparel > Topwear > Tshirts"]')).toContainText(
    'edited',
  );

  // The export classifies every product once the stored model is loaded again.
  await expect(page.getByText('No trained model')).toBeHidden();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV with standard ids' }).click(),
  ]);
  const csv = await readFile((await download.path()) as string, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
  expect(parsed.meta.fields).toEqual([
    'id',
    'title',
    'category',
    'predicted_category',
    'confidence',
    'shopify_product_category',
    'shopify_product_category_path',
  ]);
  expect(parsed.data).toHaveLength(3000);
  const predictedTshirts = parsed.data.filter(
    (row) => row.predicted_category === 'Apparel > Topwear > Tshirts',
  );
  expect(predictedTshirts.length).toBeGreaterThan(50);
  for (const row of predictedTshirts) {
    expect(row.shopify_product_category).toBe('gid://shopify/TaxonomyCategory/aa-1-13-8');
    expect(row.shopify_product_category_path).toBe(
      'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts',
    );
  }
  expect(
    parsed.data.find((row) => row.predicted_category === 'Footwear > Flip Flops > Flip Flops')
      ?.shopify_product_category,
  ).toBe('gid://shopify/TaxonomyCategory/aa-8-6');
});
