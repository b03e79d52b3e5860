import { test, expect } from './fixtures.ts';

test('kiosk: the demo is preloaded, nothing is kept, and it starts over after idle time', async ({
  app,
  page,
}) => {
  await page.goto('./?kiosk&idle=6&backend=wasm');
  await expect(page.getByTestId('backend-in-use')).toHaveText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('dataset-rows')).toHaveText(['3,000'], { timeout: 60_000 });
  await expect(page.getByTestId('kiosk-countdown')).toHaveText(/^0:0[1-6]$/);
  const firstSession = await page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? ''),
  );

  // A visitor adds a catalogue; the station keeps it only until it starts over.
  await app.importCsv('tests/fixtures/small-catalogue.csv');
  await expect(page.getByTestId('dataset-rows')).toHaveText(['300', '3,000']);

  // Six seconds without a touch: the page reloads into a fresh session with the demo only.
  await page.waitForEvent('load', { timeout: 30_000 });
  await expect(page.getByTestId('dataset-rows')).toHaveText(['3,000'], { timeout: 60_000 });
  const secondSession = await page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? ''),
  );
  const kioskDatabases = (names: string[]) => names.filter((n) => n.startsWith('shelfwise-kiosk-'));
  expect(kioskDatabases(firstSession)).toHaveLength(1);
  // The earlier session's database was deleted; the owner's was never opened.
  expect(kioskDatabases(secondSession)).toHaveLength(1);
  expect(kioskDatabases(secondSession)).not.toEqual(kioskDatabases(firstSession));
  expect(secondSession).not.toContain('shelfwise');

  await page.goto('./?backend=wasm');
  await expect(page.getByText('No catalogue yet: import one or try the demo.')).toBeVisible({
    timeout: 60_000,
  });
});
