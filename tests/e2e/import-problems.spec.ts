import { test, expect } from './fixtures.ts';

test('bad rows are reported by line and good rows are kept', async ({ app, page }) => {
  await app.open('wasm');
  await page.getByTestId('catalogue-file').setInputFiles('tests/fixtures/bad-rows.csv');
  // The headers are unusual (name, label): auto-detection must still map them.
  await expect(page.getByLabel('Title column')).toHaveValue('name');
  await expect(page.getByLabel('Category column')).toHaveValue('label');
  await page.getByRole('button', { name: /^Import / }).click();
  const status = page.getByRole('status').filter({ hasText: /^Imported/ });
  // Line 6 has no category: it is imported unlabelled, to be classified.
  await expect(status).toContainText('Imported 5 rows in 2 categories, 1 of them unlabelled');
  const problems = page.getByRole('listitem').filter({ hasText: /Line \d+/ });
  await expect(problems.filter({ hasText: 'Line 3' })).toContainText(/title/i);
  await expect(problems.filter({ hasText: 'Line 6' })).toContainText(/category/i);
  await expect(problems.filter({ hasText: 'Line 9' })).toContainText(/quote/i);
});

test('measures the backends on first use and remembers the choice', async ({ app, page }) => {
  await app.open();
  const picker = page.getByLabel('Compute backend');
  await expect(picker.locator('option', { hasText: /ms\/step/ }).first()).toBeAttached();
  const chosen = await page.getByTestId('backend-in-use').textContent();
  console.log(
    `measured: ${(await picker.locator('option').allTextContents()).join(' | ')}; chose ${chosen}`,
  );
  await page.reload();
  await expect(page.getByTestId('backend-in-use')).toHaveText(chosen ?? '');
});
