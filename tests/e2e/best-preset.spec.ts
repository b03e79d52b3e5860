import { test, expect } from './fixtures.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';

const SMALL = 'tests/fixtures/small-catalogue.csv';

/**
 * "Best" end to end on a real backend: the time of both presets shown before training, word
 * vectors learnt from the catalogue in the train worker, the deep model trained and mixed,
 * then used to classify and explain. The small catalogue has five well-separated categories of
 * 60 products (9 held out each): a working model gets nearly all of them.
 */
for (const backend of ['wasm', 'webgpu'] as BackendName[]) {
  test(`trains and uses the Best model on ${backend}`, async ({ app, page }) => {
    test.setTimeout(420_000);
    await app.open(backend);
    const before = await app.tensors();
    await app.importCsv(SMALL);
    // Software WebGPU is slow: fewer linear epochs keep the run short; the deep model keeps its recipe.
    await app.setOption('Max epochs', '4');
    // Software WebGPU takes minutes to time the sample; training does not wait for it.
    if (backend === 'wasm') {
      await expect(page.getByTestId('estimate-fast')).toHaveText(/^about /, { timeout: 120_000 });
      await expect(page.getByTestId('estimate-best')).toHaveText(/^about /);
      await expect(page.getByTestId('preset-suggestion')).toContainText('300 products');
    }
    await app.choosePreset('best');
    await app.recordProgress();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByTestId('train-done')).toContainText('Best model', { timeout: 360_000 });
    // Both phases of Best were shown, in order: word vectors first, then the neural network.
    const seen = await app.progressSeen();
    const vectors = seen.findIndex((label) => label.startsWith('Learning what words mean'));
    const network = seen.findIndex((label) => label.startsWith('Training the neural network'));
    expect(vectors, seen.join('\n')).toBeGreaterThanOrEqual(0);
    expect(network).toBeGreaterThan(vectors);
    expect(await app.workerBackend()).toBe(backend);
    const accuracy = await app.metric('metric-accuracy');
    console.log(`backend=${backend} Best small-catalogue accuracy=${accuracy}`);
    expect(accuracy).toBeGreaterThan(0.8);

    const ranked = await app.classify('Stainless steel analog wrist watch for men');
    expect(ranked).toHaveLength(5);
    expect(ranked[0]).toBe('Accessories > Watches > Watches');
    await expect(page.getByTestId('explanation').locator('mark').first()).toBeVisible();
    await expect(page.getByTestId('deep-explanation')).toContainText('The neural network');

    const after = await app.tensors();
    expect(after.train).toBe(before.train);
    expect(after.classify).toBe(before.classify);
    expect(app.offOriginRequests).toEqual([]);
  });
}
