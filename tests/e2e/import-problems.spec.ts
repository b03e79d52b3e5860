import { test, expect } from './fixtures.ts';

test('bad rows are reported by line and good rows are kept', async ({ app, page }) => {
  await app.open('wasm');
  await page.getByTestId('catalogue-file').setInputFiles('tests/fixtures/bad-rows.csv');
  // The headers are unusual (name, label): auto-detection must still map them.
  await expect(page.getByLabel('Title column')).toHaveValue('name');
  await expect(page.getByLabel('Category column')).toHaveValue('label');
  // What was detected is said before anything is imported.
  await expect(page.getByTestId('detected-format')).toHaveText('CSV (comma-separated)');
  await expect(page.getByTestId('detected-encoding')).toHaveText('UTF-8');
  // The catalogue is named after its file.
  await expect(page.getByTestId('dataset-name')).toHaveValue('bad-rows');
  await page.getByRole('button', { name: /^Import / }).click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 4 rows');
  const problems = page.getByRole('listitem').filter({ hasText: /Line \d+/ });
  await expect(problems.filter({ hasText: 'Line 3' })).toContainText(/title/i);
  await expect(problems.filter({ hasText: 'Line 6' })).toContainText(/category/i);
  await expect(problems.filter({ hasText: 'Line 9' })).toContainText(/quote/i);

  // A second file of the same name gets a name of its own, not the same one again.
  await page.getByTestId('catalogue-file').setInputFiles('tests/fixtures/bad-rows.csv');
  await expect(page.getByTestId('dataset-name')).toHaveValue('bad-rows (2)');

  // Four products are too few to learn from: Train says so and does not offer to train.
  await app.go('train');
  await expect(page.getByTestId('readiness-too-few')).toContainText(
    'Only 4 products: too few to learn from',
  );
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
});

test('a catalogue whose titles are all empty is not trained on without a word', async ({
  app,
  page,
}) => {
  const rows = ['id,title,image,category'];
  for (let i = 0; i < 40; i++) rows.push(`${i},,photo-${i}.jpg,${i % 2 ? 'hats' : 'shoes'}`);
  await app.open('wasm');
  await page.getByTestId('catalogue-file').setInputFiles({
    name: 'photos-only.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n')),
  });
  await page.getByRole('button', { name: /^Import / }).click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 40 rows');
  await app.go('train');
  await expect(page.getByTestId('readiness-no-text')).toContainText(
    'None of the products has a title or a description',
  );
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
});

test('measures the backends on first use and remembers the choice', async ({ app, page }) => {
  await app.open();
  await app.go('settings');
  const picker = page.getByLabel('Compute backend');
  await expect(picker.locator('option', { hasText: /ms\/step/ }).first()).toBeAttached();
  const chosen = await page.getByTestId('backend-in-use').textContent();
  console.log(
    `measured: ${(await picker.locator('option').allTextContents()).join(' | ')}; chose ${chosen}`,
  );
  await page.reload();
  await expect(page.getByTestId('backend-in-use')).toHaveText(chosen ?? '');
});
