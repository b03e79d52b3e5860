import { test as base, expect, type Page } from '@playwright/test';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { TextPreset } from '@shared/contracts/train.ts';
// Brings the app's `window.shelfwise` declaration into scope.
import type {} from '../../src/app/test-api.ts';

/** The screens by their English names in the navigation. */
export const SCREEN_NAMES = {
  import: 'Import',
  train: 'Train',
  check: 'Check',
  review: 'Review',
  label: 'Label the catalogue',
  export: 'Export',
  models: 'Models',
  photos: 'Photos',
  taxonomy: 'Standard categories',
  storage: 'Storage',
  project: 'Move the project',
  settings: 'Settings',
} as const;
export type ScreenId = keyof typeof SCREEN_NAMES;

/** A typed handle on the running app: every step goes through the real UI. */
export class ShelfwiseApp {
  readonly offOriginRequests: string[] = [];

  constructor(readonly page: Page) {}

  async open(backend?: BackendName, hash = ''): Promise<void> {
    await this.page.goto(`./${backend ? `?backend=${backend}` : ''}${hash}`);
    await this.ready(backend);
  }

  /** Waits until the app has chosen its backend (after a load or a reload). */
  async ready(backend?: BackendName): Promise<void> {
    await expect(this.page.getByTestId('backend-in-use')).toHaveText(
      backend ?? /webgpu|wasm|webgl|cpu/,
      { timeout: 180_000 },
    );
  }

  /** Moves to a screen through the navigation, opening the menu where it is folded. */
  async go(screen: ScreenId): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: 'Steps and places' });
    // A finished step's link is named with "(done)" after it.
    const link = nav.getByRole('link', {
      name: new RegExp(`^${SCREEN_NAMES[screen]}( \\(done\\))?$`),
    });
    if (!(await link.isVisible())) await nav.getByRole('button', { name: /Menu/ }).click();
    await link.click();
    await expect(this.page.locator(`[data-screen="${screen}"]`)).toBeVisible();
  }

  async importCsv(path: string): Promise<void> {
    await this.go('import');
    await this.page.getByTestId('catalogue-file').setInputFiles(path);
    await this.page.getByRole('button', { name: /^Import / }).click();
    await expect(this.page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
  }

  async setOption(label: string, value: string): Promise<void> {
    await this.go('train');
    const options = this.page.getByTestId('train-options');
    if (!(await options.evaluate((el) => (el as HTMLDetailsElement).open)))
      await options.locator('summary').click();
    await this.page.getByLabel(label).fill(value);
  }

  /**
   * Keeps every progress label shown from now on: some phases last less than a poll of
   * `expect` (the word vectors of a 300-product catalogue take a fraction of a second).
   */
  async recordProgress(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      const record = () => {
        for (const label of document.querySelectorAll('[data-testid="progress"] .progress-label')) {
          const text = label.textContent ?? '';
          if (seen.at(-1) !== text) seen.push(text);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      Object.assign(window, { progressSeen: seen });
    });
  }

  /** The progress labels shown since `recordProgress`, in order, without repeats. */
  async progressSeen(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  }

  /** Picks Fast or Best explicitly: the default follows a timing that may still be running. */
  async choosePreset(preset: TextPreset): Promise<void> {
    await this.go('train');
    await this.page
      .getByTestId('preset-choice')
      .getByRole('radio', { name: preset === 'best' ? /^Best/ : /^Fast/ })
      // A click, not check(): the owner's pick must hold even if it is the one shown already.
      .click();
  }

  async train(preset: TextPreset = 'fast'): Promise<void> {
    await this.choosePreset(preset);
    await this.page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(this.page.getByTestId('train-done')).toBeVisible({ timeout: 200_000 });
  }

  /** A figure of the Check screen's expert section, as a number (shares as 0..1). */
  async metric(testId: string): Promise<number> {
    if (!(await this.page.locator('[data-screen="check"]').isVisible())) await this.go('check');
    const text = (await this.page.getByTestId(testId).textContent()) ?? '';
    return Number.parseFloat(text.replace(/,/g, '')) / (text.includes('%') ? 100 : 1);
  }

  /** Opens the Check screen's expert figures. */
  async openExpertFigures(): Promise<void> {
    if (!(await this.page.locator('[data-screen="check"]').isVisible())) await this.go('check');
    const expert = this.page.getByTestId('expert');
    if (!(await expert.evaluate((el) => (el as HTMLDetailsElement).open)))
      await expert.locator('summary').click();
  }

  async classify(title: string): Promise<string[]> {
    if (!(await this.page.locator('[data-screen="check"]').isVisible())) await this.go('check');
    await this.page.getByLabel('Title', { exact: true }).fill(title);
    await this.page.getByRole('button', { name: 'Classify', exact: true }).click();
    const items = this.page.getByTestId('predictions').locator('li .label');
    await expect(items.first()).toBeVisible();
    return items.allTextContents();
  }

  /** Cross-checks the catalogue from the Review screen and waits for the queue. */
  async crossCheck(): Promise<void> {
    await this.go('review');
    await this.page.getByRole('button', { name: /^Check every product/ }).click();
    await expect(
      this.page.getByRole('status').filter({ hasText: /^Cross-checked [\d,]+ products/ }),
    ).toBeVisible({ timeout: 240_000 });
  }

  /** The item under review: its title, the shop's label and the model's suggestion. */
  async reviewItem(): Promise<{ title: string; current: string; suggestion: string }> {
    const card = this.page.getByTestId('review-item');
    await expect(card.locator('.review-title')).toBeVisible();
    return {
      title: (await card.locator('.review-title').textContent()) ?? '',
      current: (await this.page.getByTestId('review-current').textContent()) ?? '',
      suggestion: ((await this.page.getByTestId('review-suggestion').textContent()) ?? '')
        .replace(/\s+[\d.]+%$/, '')
        .trim(),
    };
  }

  /** Presses a review shortcut and waits until the decision is stored and shown. */
  async reviewKey(key: string): Promise<void> {
    const counts = this.page.getByTestId('review-counts');
    const before = await counts.textContent();
    await this.page.keyboard.press(key);
    await expect(counts).not.toHaveText(before ?? '');
  }

  async reviewCounts(): Promise<{ queued: number; decided: number; corrected: number }> {
    const text = (await this.page.getByTestId('review-counts').textContent()) ?? '';
    const number = (pattern: RegExp) => Number((pattern.exec(text)?.[1] ?? '-1').replace(/,/g, ''));
    return {
      queued: number(/([\d,]+) to review/),
      decided: number(/([\d,]+) decided/),
      corrected: number(/([\d,]+) corrected/),
    };
  }

  /** The coverage dial's threshold slider. */
  thresholdSlider() {
    return this.page.getByRole('slider', { name: /Label a product automatically/ });
  }

  /** Moves the threshold with the keyboard, as a person would, and waits until it is stored. */
  async pressOnThreshold(key: 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End', times = 1) {
    await this.thresholdSlider().focus();
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
    await expect(this.page.getByTestId('threshold-saved')).toHaveText('Saved with the model.');
  }

  /** Accepts the confirmation dialog that a destructive action opens. */
  async confirm(name: string | RegExp): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name }).click();
    await expect(this.page.getByRole('dialog')).toBeHidden();
  }

  workerBackend(): Promise<string> {
    return this.page.evaluate(() => window.shelfwise?.trainBackend() ?? Promise.resolve('none'));
  }

  tensors(): Promise<{ train: number; classify: number }> {
    return this.page.evaluate(async () => ({
      train: (await window.shelfwise?.trainTensors()) ?? -1,
      classify: (await window.shelfwise?.classifyTensors()) ?? -1,
    }));
  }
}

export const test = base.extend<{ app: ShelfwiseApp }>({
  app: async ({ page, baseURL }, use) => {
    const app = new ShelfwiseApp(page);
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    // On the context: every tab of the test, and the service worker's own fetches too.
    page.context().on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
        app.offOriginRequests.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') console.log(`[page error] ${message.text().slice(0, 300)}`);
    });
    await use(app);
    // Privacy promise: nothing may leave the page's own origin, in any test.
    expect(app.offOriginRequests).toEqual([]);
  },
});

export { expect };
