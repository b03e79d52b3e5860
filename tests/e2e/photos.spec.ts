import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';

const DIR = 'tests/fixtures/photos';
/** 30 real clothing photos (10 shoes, 10 hats, 10 trousers) and one broken file, named by catalogue.csv. */
const PHOTOS = ['shoes', 'hat', 'pants'].flatMap((folder) =>
  readdirSync(join(DIR, folder)).map((name) => join(DIR, folder, name)),
);

test('attach photos to a catalogue, embed, train, and classify unseen photos, alone and with text', async ({
  app,
  page,
}) => {
  await app.open('wasm');
  await app.importCsv(join(DIR, 'catalogue.csv'));
  await expect(page.getByTestId('dataset-rows').first()).toHaveText('32');

  // No photos yet: training on them is not offered, and the screen says why.
  await app.go('photos');
  await expect(page.getByRole('button', { name: 'Embed photos and train' })).toBeDisabled();
  await expect(page.getByTestId('no-photos')).toHaveText(
    'Attach photos first: this catalogue has none.',
  );

  // Files picked one by one carry only their names: the CSV's paths are matched by file name.
  await page.getByTestId('photo-files').setInputFiles(PHOTOS);
  await page.getByRole('button', { name: /^Attach to / }).click();
  await expect(page.getByTestId('photos-attached')).toHaveText(
    '31 photos attached to 32 rows with an image',
    { timeout: 60_000 },
  );
  await expect(
    page.getByText(
      'Line 33: the image "hat/missing.jpg" was not among the photos given; the row has no photo',
    ),
  ).toBeVisible();

  await expect(page.getByTestId('photo-count')).toHaveText('31 photos attached to this catalogue.');
  // The default recipe: MobileNet v2 with flips, its top fine-tuned from cached activations, on wasm.
  await page.getByRole('button', { name: 'Embed photos and train' }).click();
  await expect(page.getByTestId('photo-model')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('photo-fine-tuned')).toContainText(
    'Top of the image model fine-tuned for',
  );
  await expect(page.getByTestId('photo-model')).toContainText('mirror image (flips)');
  // 30 photos and their mirror images, 7 x 7 x 56 values each at two bytes.
  await expect(page.getByTestId('activation-cache')).toHaveText(
    /Activations cached for fine-tuning: 60 views, 329 kB \(float16/,
  );
  // The broken file is reported by its line, and the job went on without it.
  await expect(
    page.getByText(/^Line 32: the photo "pants\/broken.jpg" was skipped: it could not be decoded/),
  ).toBeVisible();
  // The photo missing at attach time is still listed next to it.
  await expect(
    page.getByText(/^Line 33: the image "hat\/missing.jpg" was not among/),
  ).toBeVisible();

  const classify = async (file: string, title = '') => {
    await page.getByTestId('classify-photo').setInputFiles(join(DIR, 'unseen', file));
    const titleBox = page.getByLabel('Title (optional)');
    if (await titleBox.isVisible()) await titleBox.fill(title);
    await page.getByRole('button', { name: 'Categorise photo' }).click();
    const items = page.getByTestId('photo-predictions').locator('li .label');
    await expect(items).toHaveCount(3);
    await expect(page.getByRole('img', { name: `The photo ${file}` })).toBeVisible();
    return items.allTextContents();
  };
  // Photos from the source's validation folders, never imported: one per category.
  expect((await classify('shoes.jpg'))[0]).toBe('shoes');
  const tensors = () =>
    page.evaluate(() => window.shelfwise?.imageTensors() ?? Promise.resolve(-1));
  const settled = await tensors();
  expect((await classify('hat.jpg'))[0]).toBe('hat');
  expect((await classify('pants.jpg'))[0]).toBe('pants');
  // The occlusion map covers each of 6 × 6 cells in turn; the photo's own subject matters most.
  await page.getByRole('button', { name: 'Why? (occlusion map)' }).click();
  const map = page.getByTestId('occlusion-map');
  await expect(map).toBeVisible({ timeout: 120_000 });
  await expect(map.locator('.occlusion-grid span')).toHaveCount(36);
  await expect(map).toContainText('Where “pants”');
  // Classifying and explaining hold no tensors beyond the loaded networks.
  expect(await tensors()).toBe(settled);

  // The fine-tuned model travels as a bundle and classifies the same after coming back.
  const [bundle] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export photo model (.zip)' }).click(),
  ]);
  const saved = test.info().outputPath('photo-model.zip');
  await bundle.saveAs(saved);
  await page.getByTestId('photo-model-import').setInputFiles(saved);
  await expect(page.getByTestId('photo-transfer-note')).toHaveText(/^Imported the photo model of /);
  await expect(page.getByTestId('photo-fine-tuned')).toBeVisible();
  expect((await classify('hat.jpg'))[0]).toBe('hat');

  // Text + photos: a text model first, then a late-fusion model over both.
  await app.train();
  await app.go('photos');
  const options = page.getByTestId('photo-settings');
  await options.locator('summary').click();
  await page.getByLabel('Inputs').selectOption('late');
  await page.getByRole('button', { name: 'Embed photos and train' }).click();
  await expect(page.getByTestId('photo-model')).toContainText('Photo + text', { timeout: 120_000 });
  expect((await classify('shoes.jpg', 'Running shoes'))[0]).toBe('shoes');
  expect((await classify('pants.jpg', ''))[0]).toBe('pants');

  // The cache of views only saves time: it is cleared after a question, the photos are kept.
  await app.go('storage');
  const counts = page.getByTestId('storage-counts');
  await expect(counts).toContainText('60 photo views cached for fine-tuning');
  await page.getByTestId('clear-activations').click();
  const dialog = page.getByRole('dialog', { name: 'Clear 60 cached photo views?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(counts).toContainText('60 photo views cached for fine-tuning');
  await page.getByTestId('clear-activations').click();
  await dialog.getByRole('button', { name: 'Clear the cache' }).click();
  await expect(counts).toContainText('0 photo views cached for fine-tuning');
  await expect(counts).toContainText('31 photos');
  await expect(page.getByTestId('clear-activations')).toHaveCount(0);
});
