import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveToFiles, tinyImageBackbone } from '../fixtures/tiny-backbone.ts';
import { test, expect } from './fixtures.ts';

const PHOTO_DIR = 'tests/fixtures/photos';
const PHOTOS = ['shoes', 'hat', 'pants'].flatMap((folder) =>
  readdirSync(join(PHOTO_DIR, folder)).map((name) => join(PHOTO_DIR, folder, name)),
);

/** Writes a tiny image network as the TF.js converter would: a folder with model.json and shards. */
async function writeModelFolder(root: string, name: string, shards: number): Promise<string[]> {
  const model = tinyImageBackbone({ side: 96, dims: 8 });
  const disk = await saveToFiles(model, shards);
  model.dispose();
  const folder = join(root, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'model.json'), disk.modelJson);
  for (const shard of disk.shards) writeFileSync(join(folder, shard.name), shard.bytes);
  return [join(folder, 'model.json'), ...disk.shards.map((shard) => join(folder, shard.name))];
}

test('import your own image network, embed photos with it, and see a broken one refused', async ({
  app,
  page,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'shelfwise-backbone-'));
  const broken = await writeModelFolder(root, 'broken-net', 2);
  await writeModelFolder(root, 'tiny-net', 2);

  await app.open('wasm');
  await app.importCsv(join(PHOTO_DIR, 'catalogue.csv'));
  await app.go('photos');
  await page.getByTestId('photo-files').setInputFiles(PHOTOS);
  await page.getByRole('button', { name: /^Attach to / }).click();
  await expect(page.getByTestId('photos-attached')).toContainText('31 photos attached', {
    timeout: 60_000,
  });

  await page.getByTestId('photo-settings').locator('summary').click();
  // model.json and only the first of its two shards.
  await page.getByTestId('backbone-files').setInputFiles(broken.slice(0, 2));
  await page.getByRole('button', { name: 'Import model (2 files)' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'model.json lists the weight file "group1-shard2of2.bin", not among the files chosen',
  );
  await expect(page.getByTestId('imported-backbones')).toHaveCount(0);

  // The whole folder, picked as a folder: named after it.
  await page.getByTestId('backbone-folder').setInputFiles(join(root, 'tiny-net'));
  await page.getByRole('button', { name: 'Import model (3 files)' }).click();
  await expect(page.getByTestId('backbone-status')).toHaveText(
    'Imported “tiny-net”: 96×96 pixels in, 8 features out.',
  );
  await expect(page.getByTestId('imported-backbones').locator('li')).toHaveCount(1);
  const picker = page.getByLabel('Image model');
  await expect(picker.locator('option:checked')).toHaveText('tiny-net (8 features)');

  await page.getByRole('button', { name: 'Embed photos and train' }).click();
  await expect(page.getByTestId('photo-model')).toContainText('Photo model (tiny-net)', {
    timeout: 120_000,
  });
  // Its embeddings are cached under its own id, apart from any other network's.
  const keys = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('shelfwise');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('embeddings').objectStore('embeddings').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.map(String);
  });
  // 30 readable photos, each with its mirror image: flips are on by default.
  expect(keys).toHaveLength(60);
  expect(keys.every((key) => key.startsWith('imported-'))).toBe(true);

  await page.getByTestId('classify-photo').setInputFiles(join(PHOTO_DIR, 'unseen', 'hat.jpg'));
  await page.getByRole('button', { name: 'Categorise photo' }).click();
  await expect(page.getByTestId('photo-predictions').locator('li .label')).toHaveCount(3);

  // Still there after a reload, and gone with its embeddings once deleted.
  await page.reload();
  await app.ready('wasm');
  await page.getByTestId('photo-settings').locator('summary').click();
  await expect(page.getByTestId('imported-backbones')).toContainText('tiny-net');
  await page.getByRole('button', { name: 'Delete tiny-net' }).click();
  // Deleting asks first; Cancel keeps it.
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('imported-backbones')).toContainText('tiny-net');
  await page.getByRole('button', { name: 'Delete tiny-net' }).click();
  await app.confirm('Delete the image model');
  await expect(page.getByTestId('backbone-status')).toHaveText(
    'Deleted “tiny-net” and its embeddings.',
  );
  await expect(page.getByTestId('imported-backbones')).toHaveCount(0);
});

test('a lost WebGPU device mid-training: the run goes on on wasm from its last checkpoint', async ({
  app,
  page,
}) => {
  await app.open('webgpu');
  await app.importCsv('tests/fixtures/small-catalogue.csv');
  await app.setOption('Max epochs', '4');
  // Real device loss cannot be provoked here: the worker's memory guard throws it instead.
  await page.evaluate(() =>
    window.shelfwise?.simulateTrainFailure({ kind: 'BackendLost', atEpoch: 3 }),
  );
  await app.train();
  await expect(page.getByTestId('backend-fallback')).toHaveText(
    'WebGPU stopped (device lost); continued on wasm from the checkpoint of epoch 2.',
  );
  await expect(page.getByTestId('train-done')).toContainText('on wasm');
  await expect(page.getByTestId('backend-in-use')).toHaveText('wasm');
  expect(await app.workerBackend()).toBe('wasm');
  // The resumed run was saved as one model, and its checkpoint was cleared.
  await expect(page.getByRole('list', { name: 'Unfinished runs' })).toHaveCount(0);
  await app.go('check');
  await expect(page.getByTestId('model-backend')).toHaveText('wasm');
  expect(await app.metric('metric-accuracy')).toBeGreaterThan(0.8);
});
