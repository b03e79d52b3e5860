import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { activate, expectNoOverflow, tabTo, untranslatedText } from './keyboard.ts';

type Language = 'en' | 'zh';
const VIEWPORTS = {
  laptop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
const SMALL = 'tests/fixtures/small-catalogue.csv';

/** Checks every screen the walk shows: no sideways overflow, and no English in Chinese. */
function screenCheck(page: Page, language: Language) {
  return async (where: string) => {
    await expectNoOverflow(page, where);
    if (language === 'zh') expect(await untranslatedText(page), where).toEqual([]);
  };
}

/** Moves to a screen with the keyboard: back up to the navigation, its link, Enter. */
async function keyboardGo(page: Page, screen: string) {
  const link = page.locator(`nav a[href^="#/${screen}"]`);
  if (await link.isVisible()) {
    await activate(page, link, { backwards: true, max: 150 });
  } else {
    await activate(page, page.locator('.menu-toggle'), { backwards: true, max: 150 });
    await activate(page, link, { max: 20 });
  }
  await expect(page.locator(`[data-screen="${screen}"]`)).toBeVisible();
  // The screen's title takes the focus, so Tab goes on from the top of the screen.
  await expect(page.locator('#screen-title')).toBeFocused();
}

for (const language of ['en', 'zh'] as const)
  for (const [device, viewport] of Object.entries(VIEWPORTS))
    test.describe(`${language === 'en' ? 'English' : 'Chinese'} on a ${device}`, () => {
      test.use({ locale: language === 'en' ? 'en-US' : 'zh-CN', viewport });

      test(`the whole flow by keyboard only, ${viewport.width} × ${viewport.height}`, async ({
        app,
        page,
      }) => {
        test.setTimeout(300_000);
        const check = screenCheck(page, language);
        const onDemo = device === 'laptop';
        await app.open('wasm');
        await expect(page.locator('html')).toHaveAttribute(
          'lang',
          language === 'en' ? 'en' : 'zh-CN',
        );
        await check('import, empty');

        // 1 Import: the demo (with its guide) on a laptop, a file picked by keyboard on a phone.
        if (onDemo) {
          await activate(page, page.locator('.welcome button.primary'));
          await expect(page.getByTestId('guide')).toBeVisible({ timeout: 60_000 });
        } else {
          const chooser = page.waitForEvent('filechooser');
          await tabTo(page, page.getByTestId('catalogue-file'));
          await page.keyboard.press('Space');
          await (await chooser).setFiles(SMALL);
          await expect(page.getByTestId('file-facts')).toBeVisible();
          await check('import, preview');
          await activate(page, page.locator('.preview button.primary'));
        }
        const toTrain = page.getByTestId('next-train').first();
        await expect(toTrain).toBeFocused({ timeout: 60_000 });
        await check('import, done');
        await page.keyboard.press('Enter');

        // 2 Train: the primary action is a few Tabs from the title, options open with Enter.
        await expect(page.locator('[data-screen="train"]')).toBeVisible();
        await expect(page.locator('#screen-title')).toBeFocused();
        await check('train');
        const train = page.locator('section[aria-labelledby="train-heading"] button.primary');
        // The step's action is a couple of Tabs from its title (it was about 50 before).
        expect(
          await tabTo(page, train, { max: 10 }),
          'Tabs from the title to Train',
        ).toBeLessThanOrEqual(3);
        await activate(page, page.getByTestId('train-options').locator('summary'), {
          backwards: true,
          max: 5,
        });
        await tabTo(page, page.locator('.options input').first());
        await page.keyboard.type('2');
        await check('train, options open');
        await activate(page, train, { max: 20 });
        await expect(page.getByTestId('train-done')).toBeVisible({ timeout: 120_000 });
        await check('train, done');
        await expect(page.getByTestId('next-check')).toBeFocused();
        await page.keyboard.press('Enter');

        // 3 Check: one sentence first, the expert figures one Enter away.
        await expect(page.locator('[data-screen="check"]')).toBeVisible();
        await expect(page.getByTestId('screen-lead')).toContainText(/\d/);
        await check('check');
        await activate(page, page.getByTestId('expert').locator('summary'), { max: 40 });
        await expect(page.getByTestId('per-class-table')).toBeVisible();
        await check('check, expert figures');
        await activate(page, page.getByTestId('next-review'), { backwards: true, max: 60 });

        // 4 Review: the cross-check is the main action; its keys work at once.
        await expect(page.locator('[data-screen="review"]')).toBeVisible();
        await check('review');
        await activate(page, page.locator('[aria-labelledby="cross-check-heading"] .primary'));
        await expect(page.getByTestId('review-item')).toBeVisible({ timeout: 180_000 });
        await check('review, queue');
        const counts = page.getByTestId('review-counts');
        for (const key of ['a', 's', 'a']) {
          const before = await counts.textContent();
          await page.keyboard.press(key);
          await expect(counts).not.toHaveText(before ?? '');
        }
        await check('review, decided');

        // 5 Label the catalogue.
        await keyboardGo(page, 'label');
        await check('label');
        await activate(page, page.locator('[aria-labelledby="label-heading"] button.primary'));
        await expect(page.getByTestId('label-summary')).toBeVisible({ timeout: 60_000 });
        await check('label, done');
        await expect(page.getByTestId('next-export')).toBeFocused();
        await page.keyboard.press('Enter');

        // 6 Export.
        await expect(page.locator('[data-screen="export"]')).toBeVisible();
        await check('export');
        const download = page.waitForEvent('download');
        await activate(page, page.getByTestId('export-labelled').locator('button.primary'));
        const rows = Papa.parse<Record<string, string>>(
          readFileSync(await (await download).path(), 'utf8'),
          { header: true },
        ).data;
        expect(rows).toHaveLength(onDemo ? 3000 : 300);
        await check('export, saved');

        // The places beside the steps.
        for (const place of ['models', 'photos', 'taxonomy', 'storage', 'project', 'settings']) {
          await keyboardGo(page, place);
          if (place === 'taxonomy') {
            await tabTo(page, page.getByTestId('taxonomy-choice'));
            await page.keyboard.press('ArrowDown');
            await expect(page.getByTestId('mapping-table').locator('li').first()).toBeVisible({
              timeout: 120_000,
            });
          }
          if (place === 'models') {
            await activate(page, page.locator('.model .actions button[aria-expanded]').first());
            await expect(page.getByTestId('bundle-figures')).toBeVisible({ timeout: 60_000 });
          }
          await check(place);
        }
      });
    });

test('the language follows the browser until the owner picks one, and stays picked', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ locale: 'en-GB', baseURL });
  const page = await context.newPage();
  await page.goto('./?backend=wasm#/settings');
  await expect(page.locator('h1')).toHaveText('Settings', { timeout: 60_000 });
  await page.getByRole('radio', { name: '简体中文' }).check();
  await expect(page.locator('h1')).toHaveText('设置');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(page.locator('h1')).toHaveText('设置', { timeout: 60_000 });
  // And from the header's switch, back to English.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.locator('h1')).toHaveText('Settings');
  await context.close();
});

test('in Chinese, the bad-row report and errors are Chinese too', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: 'zh-CN', baseURL });
  const page = await context.newPage();
  await page.goto('./?backend=wasm#/import');
  await page.getByTestId('catalogue-file').setInputFiles('tests/fixtures/bad-rows.csv');
  await page.locator('.preview button.primary').click();
  await expect(page.getByTestId('import-done')).toContainText(
    '已导入 5 行，共 2 个类别，其中 1 件未标注',
  );
  const problems = page.getByRole('listitem').filter({ hasText: /第 \d+ 行/ });
  await expect(problems.filter({ hasText: '第 3 行' })).toContainText('标题');
  await expect(problems.filter({ hasText: '第 6 行' })).toContainText('类别');
  expect(await untranslatedText(page)).toEqual([]);
  // A file that is not a catalogue: the error is said in Chinese, the worker's words kept aside.
  await page.getByTestId('catalogue-file').setInputFiles({
    name: 'empty.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(''),
  });
  await expect(page.getByTestId('error')).toBeVisible();
  expect(await untranslatedText(page)).toEqual([]);
  await context.close();
});

for (const language of ['en', 'zh'] as const)
  test(`with nothing stored yet, every screen says what to do (${language}, 390 px)`, async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({
      locale: language === 'en' ? 'en-US' : 'zh-CN',
      viewport: VIEWPORTS.phone,
      baseURL,
    });
    const page = await context.newPage();
    await page.goto('./?backend=wasm#/import');
    await expect(page.getByTestId('backend-in-use')).toHaveText('wasm', { timeout: 60_000 });
    const check = screenCheck(page, language);
    for (const screen of ['train', 'check', 'review', 'label', 'export', 'taxonomy']) {
      await page.evaluate((target) => (window.location.hash = `#/${target}`), screen);
      await expect(page.locator(`[data-screen="${screen}"]`)).toBeVisible();
      // An empty state with the way to what is missing.
      const empty = page.getByTestId('empty-state');
      await expect(empty).toBeVisible();
      await expect(empty.getByRole('link')).toHaveAttribute('href', /^#\/(import|train)/);
      await check(`${screen}, empty`);
    }
    for (const screen of ['models', 'photos', 'storage', 'project', 'settings']) {
      await page.evaluate((target) => (window.location.hash = `#/${target}`), screen);
      await expect(page.locator(`[data-screen="${screen}"]`)).toBeVisible();
      await check(`${screen}, empty`);
    }
    await context.close();
  });
