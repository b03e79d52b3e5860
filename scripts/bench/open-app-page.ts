import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { PeakMemory } from './memory.ts';

/**
 * Opens the app on `backend` (without one the app measures every backend and keeps the
 * fastest, as for a user), waits until a backend is in use, and starts watching the memory
 * of the whole Chromium process tree.
 */
export async function openAppPage(
  page: Page,
  url: string,
  backend: BackendName | null,
): Promise<PeakMemory> {
  await page.goto(backend ? `${url}?backend=${backend}` : url);
  await page
    .getByTestId('backend-in-use')
    .filter({ hasText: /^(webgpu|wasm|webgl|cpu)$/ })
    .waitFor({ timeout: 300_000 });
  const browserPid = Number(
    spawnSync('pgrep', ['-o', '-f', 'chromium.*--enable-unsafe-webgpu'], {
      encoding: 'utf8',
    }).stdout.trim(),
  );
  return new PeakMemory(browserPid || process.pid);
}

/** Moves to one of the app's screens through its navigation, as a person would. */
export async function showScreen(page: Page, screen: string): Promise<void> {
  await page.locator(`nav a[href^="#/${screen}"]`).click();
  await page.locator(`[data-screen="${screen}"]`).waitFor();
}

/** Opens the Train screen's expert options and sets the most epochs a run may take. */
export async function setMaxEpochs(page: Page, epochs: number): Promise<void> {
  await showScreen(page, 'train');
  await page.getByTestId('train-options').locator('summary').click();
  await page.getByLabel('Max epochs').fill(String(epochs));
}
