import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, and returns how many presses that
 * took: fails when it is not reached within `max`, so a step that the keyboard cannot reach
 * fails its test.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  { backwards = false, max = 80 }: { backwards?: boolean; max?: number } = {},
): Promise<number> {
  await expect(target).toBeVisible();
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`${String(target)} was not reached with ${max} presses of Tab`);
}

/** Reaches `target` with Tab and presses Enter on it. */
export async function activate(
  page: Page,
  target: Locator,
  options?: { backwards?: boolean; max?: number },
): Promise<number> {
  const presses = await tabTo(page, target, options);
  await page.keyboard.press('Enter');
  return presses;
}

/** The page is no wider than the window: nothing sticks out sideways, at any width. */
export async function expectNoOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${where}: page ${scrollWidth} px wide in a ${innerWidth} px window`).toBe(
    innerWidth,
  );
}

/**
 * Latin-script names that stay as they are in a Chinese interface: the product, formats,
 * technologies, brands and units. Whole phrases are taken out first, then single words.
 */
const KEPT_PHRASES = [
  'TensorFlow.js',
  'TF.js',
  'model.json',
  'Web Worker',
  'Service Worker',
  'Best Buy',
  'MobileNet',
  'JavaScript',
  'IndexedDB',
  'float32',
  'float16',
  'uint8',
];
const KEPT_WORDS = new Set([
  'Shelfwise',
  'CSV',
  'TSV',
  'UTF',
  'BOM',
  'Windows',
  'zip',
  'bin',
  'WebGPU',
  'WebGL',
  'wasm',
  'CPU',
  'cpu',
  'F1',
  'L2',
  'SVM',
  'softmax',
  'focal',
  'Keras',
  'TF',
  'js',
  'Shopify',
  'WooCommerce',
  'Google',
  'Merchant',
  'Center',
  'Excel',
  'XLSX',
  'XLS',
  'OpenDocument',
  'ODS',
  'JSON',
  'Lines',
  'XML',
  'RSS',
  'Atom',
  'Shift',
  'JIS',
  'EUC',
  'JP',
  'KR',
  'GBK',
  'Big5',
  'Big',
  'LE',
  'BE',
  'Myntra',
  'MIT',
  'Nike',
  'Chrome',
  'Edge',
  'Firefox',
  'kB',
  'MB',
  'GB',
  'KB',
  'TB',
  'px',
  'ms',
]);

/**
 * Rendered text in English in an interface that should be Chinese: every visible text node
 * (and every option of a visible select, and every placeholder) outside the owner's own data,
 * which is marked translate="no", with Latin words other than the names above.
 */
export async function untranslatedText(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ phrases, words }) => {
      const kept = new Set(words);
      const english = (text: string): boolean => {
        let rest = text;
        for (const phrase of phrases) rest = rest.split(phrase).join(' ');
        const found = rest.match(/[A-Za-z][A-Za-z'’]+/g) ?? [];
        return found.some((word) => !kept.has(word) && !/^[A-Z]$/.test(word));
      };
      const visible = (element: Element): boolean => {
        const select = element.closest('select');
        const shown = select ?? element;
        return shown.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
      };
      const marked = (element: Element): boolean =>
        element.closest('[translate="no"], script, style, noscript') !== null;
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!element || !text || marked(element) || !visible(element)) continue;
        if (english(text)) found.push(text);
      }
      for (const field of document.querySelectorAll('[placeholder]')) {
        const text = field.getAttribute('placeholder') ?? '';
        if (!marked(field) && visible(field) && english(text)) found.push(`placeholder: ${text}`);
      }
      return found;
    },
    { phrases: KEPT_PHRASES, words: [...KEPT_WORDS] },
  );
}
