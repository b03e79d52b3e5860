import { test, expect, ShelfwiseApp } from './fixtures.ts';

const SMALL = 'tests/fixtures/small-catalogue.csv';

test('after one visit the app loads, imports, trains and classifies with the network off', async ({
  app,
  page,
  context,
}) => {
  await app.open('wasm');
  // The service worker activates only once every file of the app is in its cache.
  await expect(page.getByTestId('offline-status')).toHaveText('Available offline', {
    timeout: 120_000,
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  await page.reload();
  await app.ready('wasm');
  await expect(page.getByTestId('offline-status')).toHaveText('Available offline');
  // The network is really off: what the offline copy does not hold cannot be fetched.
  const probe = await page.evaluate(() =>
    fetch(`./not-in-the-offline-copy-${Date.now()}`).then(
      (response) => `HTTP ${response.status}`,
      () => 'no network',
    ),
  );
  expect(probe).toBe('no network');

  await app.importCsv(SMALL);
  await expect(page.getByTestId('dataset-rows').first()).toHaveText('300');
  await app.setOption('Max epochs', '4');
  await app.train();
  expect(await app.workerBackend()).toBe('wasm');
  const ranked = await app.classify('Casio Men Black Digital Watch');
  expect(ranked[0]).toBe('Accessories > Watches > Watches');

  await app.go('storage');
  await expect(page.getByTestId('storage-counts')).toContainText('1 dataset, 1 text model,');
  await expect(page.getByTestId('storage-usage')).toContainText(/^Using [\d.]+ (kB|MB|GB) of /);

  // The privacy indicator counts the page's requests and its workers' (the wasm kernel the
  // training worker fetched), all served from this origin's offline copy.
  await expect(page.getByTestId('off-origin-count')).toHaveText('0 off-origin');
  const sameOrigin = Number.parseInt(
    (await page.getByTestId('same-origin-count').textContent()) ?? '',
    10,
  );
  expect(sameOrigin).toBeGreaterThan(3);
  await page.getByTestId('privacy-indicator').locator('summary').click();
  const requests = page.getByRole('list', { name: 'Requests since load' });
  await expect(requests.getByText(/\.wasm$/).first()).toBeVisible();
  await expect(requests.locator('li', { hasText: /^train / }).first()).toBeVisible();
  await context.setOffline(false);
});

test('the Content-Security-Policy refuses connections to other origins', async ({ app, page }) => {
  await app.open('wasm');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("connect-src 'self' blob: data:");
  expect(policy).toContain("default-src 'self'");
  // A script that tries to send data elsewhere is stopped by the browser before any request.
  const outcome = await page.evaluate(() =>
    fetch('http://127.0.0.1:9/collect', { method: 'POST', body: 'catalogue' }).then(
      () => 'sent',
      (error: unknown) => (error instanceof Error ? error.name : 'failed'),
    ),
  );
  expect(outcome).toBe('TypeError');
  await expect(page.getByTestId('privacy-indicator')).toHaveClass(/leak/);
  await page.getByTestId('privacy-indicator').locator('summary').click();
  await expect(page.getByTestId('privacy-indicator')).toContainText(
    'It blocked 1: http://127.0.0.1:9/collect',
  );
  await expect(page.getByTestId('off-origin-count')).toHaveText('0 off-origin');
});

test('a second tab does not write to the same store: it waits, or takes over', async ({
  app,
  page,
  context,
}) => {
  await app.open('wasm');
  const second = await context.newPage();
  await second.goto('./?backend=wasm');
  await expect(second.getByTestId('tab-gate')).toContainText(
    'Shelfwise is already open in another tab',
  );
  await expect(second.getByTestId('backend-in-use')).toHaveCount(0);
  await expect(second.getByTestId('catalogue-file')).toHaveCount(0);

  await second.getByRole('button', { name: 'Use Shelfwise in this tab instead' }).click();
  await expect(second.getByTestId('backend-in-use')).toHaveText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('tab-gate')).toContainText('opened in another tab');
  await expect(page.getByTestId('catalogue-file')).toHaveCount(0);

  // The tab that took over works on the store; the first sees its work once it takes it back.
  await new ShelfwiseApp(second).importCsv(SMALL);
  await page.getByRole('button', { name: 'Use Shelfwise here again' }).click();
  await expect(page.getByTestId('dataset-rows').first()).toHaveText('300', { timeout: 60_000 });
  await expect(second.getByTestId('tab-gate')).toContainText('opened in another tab');
  await second.close();
});

const CATEGORIES = ['Watches', 'Handbags', 'Tshirts', 'Flip Flops', 'Sports Shoes'];

/** A catalogue big enough that its import can be cut off half-way. */
function bigCatalogue(rows: number): Buffer {
  const lines = ['id,title,description,category'];
  for (let i = 0; i < rows; i++) {
    const category = CATEGORIES[i % CATEGORIES.length] ?? '';
    lines.push(`${i},Product ${i} ${category} model ${(i * 7919) % 1000},,${category}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('an import cut off by a closed tab continues from the same file without duplicates', async ({
  app,
  page,
}) => {
  const total = 200_000;
  const file = { name: 'big-catalogue.csv', mimeType: 'text/csv', buffer: bigCatalogue(total) };
  await app.open('wasm');
  await page.getByTestId('catalogue-file').setInputFiles(file);
  await page.getByRole('button', { name: /^Import / }).click();
  const progress = page.getByText(/^Imported [\d,]+ rows \(/);
  const rowsSoFar = async () =>
    Number(
      /^Imported ([\d,]+)/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ??
        '0',
    );
  await expect
    .poll(rowsSoFar, {
      timeout: 60_000,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(5_000);
  await page.reload();

  const stopped = page.getByRole('list', { name: 'Stopped imports' }).getByRole('listitem');
  await expect(stopped).toHaveCount(1);
  const kept = Number(
    (/after ([\d,]+) rows/.exec((await stopped.textContent()) ?? '')?.[1] ?? '').replace(/,/g, ''),
  );
  console.log(`import stopped after ${kept} of ${total} rows`);
  expect(kept).toBeGreaterThanOrEqual(1_000);
  expect(kept).toBeLessThan(total);
  await expect(page.getByTestId('dataset-rows')).toHaveText([kept.toLocaleString('en-US')]);

  // Another file is not offered to continue it.
  await page.getByTestId('catalogue-file').setInputFiles(SMALL);
  await expect(page.getByRole('button', { name: 'Continue importing' })).toHaveCount(0);

  await page.getByTestId('catalogue-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Continue importing' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Imported/ })).toContainText(
    `Imported ${total.toLocaleString('en-US')} rows in 5 categories`,
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('dataset-rows')).toHaveText([total.toLocaleString('en-US')]);
  await expect(page.getByText('import not finished')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Stopped imports' })).toHaveCount(0);
});
