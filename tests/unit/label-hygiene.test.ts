import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openShelfwiseDb } from '@shared/db/open.ts';
import { mergeCategories, readDatasetRows, renameDataset } from '@shared/db/catalogue-store.ts';
import { similarLabels } from '@shared/labels.ts';
import { importCatalogue, resumeImport } from '../../workers/import/import-job.ts';
import { splitCorpus } from '../../workers/train/training-rows.ts';

describe('label hygiene', () => {
  it('finds categories equal after case folding and space collapsing, most used first', () => {
    expect(
      similarLabels({ Shoes: 5, 'shoes ': 2, SHOES: 1, Bags: 3, ' Bags ': 1, Hats: 4 }),
    ).toEqual([
      { labels: ['Shoes', 'shoes ', 'SHOES'], counts: [5, 2, 1] },
      { labels: ['Bags', ' Bags '], counts: [3, 1] },
    ]);
  });

  it('merges them in every row and the counts; renames a dataset', async () => {
    const db = await openShelfwiseDb(`hygiene-${Math.random()}`);
    const file = new File(
      ['title,category\nBoot,Shoes\nSandal,shoes \nTote,Bags\nCap,\n'],
      'c.csv',
    );
    const dataset = await importCatalogue(
      db,
      undefined,
      { file, fileName: file.name, name: 'c', mapping: { title: 'title', category: 'category' } },
      () => undefined,
    );
    expect(dataset.classCounts).toEqual({ Shoes: 1, shoes: 1, Bags: 1 });
    expect(dataset.unlabelledCount).toBe(1);
    const merged = await mergeCategories(db, dataset.id, [{ into: 'Shoes', from: ['shoes'] }]);
    expect(merged.classCounts).toEqual({ Shoes: 2, Bags: 1 });
    expect((await readDatasetRows(db, dataset.id)).map((row) => row.category)).toEqual([
      'Shoes',
      'Shoes',
      'Bags',
      '',
    ]);
    await expect(
      mergeCategories(db, dataset.id, [{ into: 'Shoes', from: ['Hats'] }]),
    ).rejects.toThrow(/no category "Hats"/);
    expect((await renameDataset(db, dataset.id, '  Spring catalogue ')).name).toBe(
      'Spring catalogue',
    );
  });

  it('never trains on unlabelled products', () => {
    const split = splitCorpus(
      { texts: ['a', 'b', 'c', 'd', 'e', 'f'], categories: ['X', 'X', '', 'Y', 'Y', ''] },
      1,
      { validation: 0, test: 0 },
    );
    expect(split.labels).toEqual(['X', 'Y']);
    expect([...split.positions.train]).toEqual([0, 1, 3, 4]);
  });
});

describe('resume', () => {
  it('refuses a different file of the same name and size, by its content and its modified time', async () => {
    const db = await openShelfwiseDb(`resume-check-${Math.random()}`);
    const original = new File(['title,category\nBoot,Shoes\n'], 'c.csv', { lastModified: 1000 });
    const dataset = await importCatalogue(
      db,
      undefined,
      {
        file: original,
        fileName: 'c.csv',
        name: 'c',
        mapping: { title: 'title', category: 'category' },
      },
      () => undefined,
    );
    await db.put('datasets', { ...dataset, status: 'importing' });
    const sameSize = new File(['title,category\nBoat,Shoes\n'], 'c.csv', { lastModified: 1000 });
    await expect(
      resumeImport(
        db,
        undefined,
        { datasetId: dataset.id, file: sameSize, fileName: 'c.csv' },
        () => undefined,
      ),
    ).rejects.toThrow(/same name and size but different content/);
    const touched = new File(['title,category\nBoot,Shoes\n'], 'c.csv', { lastModified: 2000 });
    await expect(
      resumeImport(
        db,
        undefined,
        { datasetId: dataset.id, file: touched, fileName: 'c.csv' },
        () => undefined,
      ),
    ).rejects.toThrow(/was changed since the import started/);
  });
});

describe('the taxonomy link', () => {
  it('stores a Shopify export’s categories as a confirmed mapping to the bundled Shopify taxonomy', async () => {
    const { readFileSync } = await import('node:fs');
    const { readFile } = await import('node:fs/promises');
    const db = await openShelfwiseDb(`link-${Math.random()}`);
    const bytes = readFileSync(
      new URL('../fixtures/formats/shopify-products.csv', import.meta.url),
    );
    const file = new File([bytes], 'products_export.csv');
    const mapping = {
      id: 'Handle',
      title: 'Title',
      description: 'Body (HTML)',
      category: 'Product Category',
    };
    const dataset = await importCatalogue(
      db,
      undefined,
      {
        file,
        fileName: file.name,
        name: 'shop',
        mapping,
        loadTaxonomy: async (id) =>
          JSON.parse(
            await readFile(new URL(`../../public/taxonomies/${id}.json`, import.meta.url), 'utf8'),
          ) as never,
      },
      () => undefined,
    );
    expect(dataset).toMatchObject({
      rowCount: 32,
      sourceRows: 50,
      unlabelledCount: 1,
      labelTaxonomy: 'shopify',
    });
    expect(dataset.format).toMatchObject({
      id: 'shopify-csv',
      name: 'Shopify product export (CSV)',
    });
    const link = await db.get('categoryMappings', [dataset.id, 'shopify']);
    expect(link?.entries).toContainEqual({
      shopCategory: 'Luggage & Bags > Backpacks',
      nodeId: 'lb-1',
      score: 1,
      source: 'confirmed',
    });
  });
});
