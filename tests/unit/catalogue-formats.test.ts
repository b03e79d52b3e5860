import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from '@shared/contracts/import.ts';
import type { TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import {
  parseCatalogue,
  previewCatalogue,
  type CatalogueRow,
  type TaxonomyLoader,
} from '../../workers/import/parse-catalogue.ts';
import { readCategories, splitEscaped } from '../../workers/import/formats/woocommerce.ts';
import { htmlToText } from '../../workers/import/html-text.ts';

const loadTaxonomy: TaxonomyLoader = async (id) =>
  JSON.parse(
    await readFile(new URL(`../../public/taxonomies/${id}.json`, import.meta.url), 'utf8'),
  ) as TaxonomyFile;

const fixture = (name: string) =>
  new Blob([readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url))]);

/** Preview, then import with the previewed columns, as the import screen does. */
async function importFixture(name: string, options: ReadOptions = {}) {
  const file = fixture(name);
  const preview = await previewCatalogue(file, options, loadTaxonomy);
  const rows: CatalogueRow[] = [];
  const result = await parseCatalogue(
    undefined,
    { file, mapping: preview.mapping, options: preview.options, loadTaxonomy },
    () => undefined,
    async (chunk) => {
      rows.push(...chunk);
    },
  );
  const codes = result.problems.map((problem) => problem.code);
  return { preview, result, rows, codes, byId: new Map(rows.map((row) => [row.id, row])) };
}

const SHOPIFY_TEE = 'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts';
const SHOPIFY_MUGS = 'Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs';

describe('Shopify product CSV', () => {
  it('groups variant and image rows by Handle, reads the HTML body as text, links Product Category to the taxonomy', async () => {
    const { preview, result, rows, byId, codes } = await importFixture('shopify-products.csv');
    expect(preview.format).toMatchObject({ id: 'shopify-csv', layout: 'shopify' });
    expect(preview.labelCandidates).toEqual([
      'Product Category',
      'Type',
      'Google Shopping / Google Product Category',
      'Tags',
    ]);
    expect(preview.mapping).toMatchObject({
      id: 'Handle',
      title: 'Title',
      description: 'Body (HTML)',
      category: 'Product Category',
      image: 'Image Src',
    });
    expect(preview.summary).toBe(
      'Shopify product export (CSV): 32 products in 50 rows; category from Product Category; 1 without one (imported unlabelled)',
    );
    expect(result).toMatchObject({
      sourceRows: 50,
      rowCount: 32,
      labelledCount: 31,
      skippedRows: 0,
    });
    expect(rows).toHaveLength(32);
    const tee = byId.get('organic-crew-tee');
    expect(tee).toMatchObject({
      line: 2,
      title: 'Organic Cotton Crew Neck T-Shirt',
      description: 'Soft organic cotton tee with a relaxed fit.',
      category: SHOPIFY_TEE,
      image: 'https://cdn.shop.example/files/organic-crew-tee-1.jpg',
      details: { status: 'active', vendor: 'Northwind' },
    });
    // A gid reads as the taxonomy's path; drafts and archived products are kept, marked.
    expect(byId.get('travel-mug')?.category).toBe(SHOPIFY_MUGS);
    expect(byId.get('ringer-tee')?.details?.status).toBe('draft');
    expect(byId.get('retro-jogger')?.details?.status).toBe('archived');
    expect(byId.get('gym-drawstring')?.category).toBe('');
    expect(codes).toEqual(['NotActive', 'MissingCategory']);
    expect(result.labelTaxonomy?.id).toBe('shopify');
    expect(result.taxonomyNodes.get(SHOPIFY_MUGS)).toBe('hg-11-10-5-5');
    expect(result.taxonomyNodes.size).toBe(4);
  });

  it('reads the legacy layout (Type, Published) and offers Tags, whose first tag is the label', async () => {
    const legacy = await importFixture('shopify-legacy.csv');
    expect(legacy.preview.format.id).toBe('shopify-csv');
    expect(legacy.preview.mapping.category).toBe('Type');
    expect(legacy.result).toMatchObject({ sourceRows: 43, rowCount: 32, labelledCount: 32 });
    expect(new Set(legacy.rows.map((row) => row.category))).toEqual(
      new Set(['T-Shirt', 'Sneakers', 'Mug', 'Backpack']),
    );
    expect(legacy.rows.filter((row) => row.details?.status === 'draft')).toHaveLength(1);
    const file = fixture('shopify-legacy.csv');
    const rows: CatalogueRow[] = [];
    await parseCatalogue(
      undefined,
      { file, mapping: { ...legacy.preview.mapping, category: 'Tags' } },
      () => undefined,
      async (chunk) => {
        rows.push(...chunk);
      },
    );
    expect(rows[0]?.category).toBe('t-shirts');
  });
});

describe('WooCommerce product CSV', () => {
  it('splits Categories into paths, picks the deepest first-listed, treats Uncategorized as none, folds variations', async () => {
    const { preview, result, byId, codes } = await importFixture('woocommerce-products.csv');
    expect(preview.format).toMatchObject({ id: 'woocommerce-csv', layout: 'woocommerce' });
    expect(preview.mapping).toMatchObject({
      id: 'ID',
      title: 'Name',
      category: 'Categories',
      image: 'Images',
    });
    expect(result).toMatchObject({ sourceRows: 51, rowCount: 32, labelledCount: 31 });
    expect(byId.get('101')).toMatchObject({
      title: 'Organic Cotton Crew Neck T-Shirt',
      category: 'Clothing > T-shirts',
      description: 'Soft organic cotton tee with a relaxed fit.',
      image: 'https://cdn.shop.example/files/organic-crew-tee-1.jpg',
      details: { otherCategories: ['Clothing'], status: 'active' },
    });
    const mug = [...byId.values()].find((row) => row.title.startsWith('Speckled'));
    expect(mug?.category).toBe('Home, Kitchen > Mugs');
    const pocket = [...byId.values()].find((row) => row.title.startsWith('Pocket Tee'));
    expect(pocket?.category).toBe('Clothing > T-shirts');
    const gym = [...byId.values()].find((row) => row.title.startsWith('Gym'));
    expect(gym?.category).toBe('');
    expect(codes).toEqual(['ByteOrderMark', 'NotActive', 'MissingCategory']);
  });

  it('states its rule: deepest path, first listed among ties; escaped commas stay in names', () => {
    expect(splitEscaped('A\\, B > C, D')).toEqual(['A, B > C', 'D']);
    expect(readCategories('Shoes, Shoes > Sneakers, Sale > Summer')).toEqual({
      primary: 'Shoes > Sneakers',
      others: ['Shoes', 'Sale > Summer'],
    });
    expect(readCategories('Uncategorized')).toEqual({ primary: '', others: [] });
  });
});

describe('Merchant Center feeds', () => {
  const GOOGLE_TEE = 'Apparel & Accessories > Clothing > Shirts & Tops';
  it('reads RSS 2.0 with the g: namespace, CDATA and a BOM; resolves numeric ids; groups item_group_id', async () => {
    const { preview, result, rows, codes } = await importFixture('merchant-feed.xml');
    expect(preview.format).toMatchObject({ id: 'merchant-xml', kind: 'xml' });
    expect(preview.labelCandidates).toEqual(['google_product_category', 'product_type']);
    expect(result).toMatchObject({ sourceRows: 43, rowCount: 32, labelledCount: 31 });
    const tee = rows.find((row) => row.id === 'organic-crew-tee');
    expect(tee).toMatchObject({
      title: 'Organic Cotton Crew Neck T-Shirt (S)',
      description: 'Soft organic cotton tee with a relaxed fit.',
      category: GOOGLE_TEE,
      details: { memberIds: ['organic-crew-tee-s', 'organic-crew-tee-m', 'organic-crew-tee-l'] },
    });
    // A path stays a path; an id the taxonomy lacks is kept and reported.
    expect(new Set(rows.map((row) => row.category))).toContain('Apparel & Accessories > Shoes');
    expect(codes).toEqual(['ByteOrderMark', 'NotInTaxonomy', 'MissingCategory']);
  });

  it('reads Atom feeds (title, link href, summary) and TSV feeds alike', async () => {
    const atom = await importFixture('merchant-feed-atom.xml');
    expect(atom.preview.format.id).toBe('merchant-xml');
    expect(atom.preview.mapping.description).toBe('summary');
    expect(atom.result).toMatchObject({ sourceRows: 30, rowCount: 19, labelledCount: 19 });
    const tsv = await importFixture('merchant-feed.tsv');
    expect(tsv.preview.format.id).toBe('merchant-tsv');
    expect(tsv.result).toMatchObject({ sourceRows: 43, rowCount: 32, labelledCount: 31 });
    expect(tsv.rows.find((row) => row.id === 'organic-crew-tee')?.category).toBe(GOOGLE_TEE);
    const byProductType = await parseCatalogue(
      undefined,
      {
        file: fixture('merchant-feed.tsv'),
        mapping: { ...tsv.preview.mapping, category: 'product_type' },
      },
      () => undefined,
      async () => undefined,
    );
    expect(byProductType.labelledCount).toBe(32);
  });
});

describe('spreadsheets', () => {
  for (const name of ['catalogue.xlsx', 'catalogue.xls', 'catalogue.ods']) {
    it(`${name}: lists its sheets and joins the sheet of category codes`, async () => {
      const { preview, result, rows } = await importFixture(name);
      expect(preview.format.id).toBe(name.split('.')[1]);
      expect(preview.sheets).toEqual(['Products', 'Categories']);
      expect(preview.options).toMatchObject({ sheet: 'Products', lookupSheet: 'Categories' });
      expect(preview.mapping).toMatchObject({ title: 'Product name', category: 'Category code' });
      expect(result).toMatchObject({ rowCount: 32, labelledCount: 31 });
      expect(rows[0]).toMatchObject({ line: 2, id: 'P1000', category: 'T-shirts' });
      expect(new Set(rows.map((row) => row.category))).toEqual(
        new Set(['T-shirts', 'Sneakers', 'Mugs', 'Backpacks', '']),
      );
    });
  }

  it('reads the codes as they are without the lookup, and names a sheet that is not there', async () => {
    const { rows } = await importFixture('catalogue.xlsx', { lookupSheet: '' });
    expect(rows[0]?.category).toBe('TS');
    await expect(previewCatalogue(fixture('catalogue.xlsx'), { sheet: 'Sheet9' })).rejects.toThrow(
      /no sheet "Sheet9"\. Its sheets: "Products", "Categories"/,
    );
  });
});

describe('JSON and delimited text', () => {
  it('flattens a JSON array inside {"products": [...]} into mapped paths', async () => {
    const { preview, result, rows } = await importFixture('catalogue.json');
    expect(preview.format.id).toBe('json');
    expect(preview.mapping).toMatchObject({
      title: 'title',
      description: 'body_html',
      category: 'category.name',
      image: 'images[0].src',
    });
    expect(result).toMatchObject({ rowCount: 32, labelledCount: 31 });
    expect(rows[0]).toMatchObject({ line: 3, category: 'T-shirts' });
  });

  it('reads JSON Lines, skipping a broken line by number', async () => {
    const { result } = await importFixture('catalogue.jsonl');
    expect(result).toMatchObject({ rowCount: 32, labelledCount: 31 });
    const broken = new Blob([
      '{"name":"Mug","category":"Mugs"}\n{"name": oops}\n{"name":"Cup","category":"Mugs"}\n',
    ]);
    const preview = await previewCatalogue(broken);
    const parsed = await parseCatalogue(
      undefined,
      { file: broken, mapping: preview.mapping },
      () => undefined,
      async () => undefined,
    );
    expect(parsed.rowCount).toBe(2);
    expect(parsed.problems).toMatchObject([{ line: 2, code: 'InvalidRecord', skipped: true }]);
  });

  for (const [name, delimiter, id] of [
    ['catalogue-semicolon.csv', ';', 'csv'],
    ['catalogue-pipe.txt', '|', 'psv'],
    ['catalogue-tab.tsv', '\t', 'tsv'],
  ] as const) {
    it(`detects the ${JSON.stringify(delimiter)} delimiter of ${name}`, async () => {
      const { preview, result } = await importFixture(name);
      expect(preview.delimiter).toBe(delimiter);
      expect(preview.format.id).toBe(id);
      expect(result).toMatchObject({ rowCount: 32, labelledCount: 32 });
    });
  }

  it('lets the owner choose the delimiter instead', async () => {
    const file = fixture('catalogue-pipe.txt');
    const preview = await previewCatalogue(file, { delimiter: ',' });
    expect(preview.headers).toEqual(['sku|title|category']);
  });
});

describe('files that are not catalogues, and header hygiene', () => {
  it('refuses binary files in words instead of importing junk rows', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(previewCatalogue(new Blob([png]))).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringMatching(
        /^This is not a text or spreadsheet file \(it looks like a PNG image\)/,
      ) as unknown,
    });
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]);
    await expect(previewCatalogue(new Blob([gzip]))).rejects.toThrow(/gzip archive/);
    const junk = new Uint8Array(512).map((_, i) => (i * 37) % 32);
    await expect(previewCatalogue(new Blob([junk]))).rejects.toThrow(
      /not a text or spreadsheet file/,
    );
  });

  it('reports duplicate headers by name and keeps both columns choosable', async () => {
    const preview = await previewCatalogue(new Blob(['title,category,title\nMug,Mugs,Cup\n']));
    expect(preview.headers).toEqual(['title', 'category', 'title (3)']);
    expect(preview.problems[0]).toMatchObject({ code: 'DuplicateHeader' });
    expect(preview.problems[0]?.message).toContain('"title" appears twice (columns 1 and 3)');
  });

  it('reads HTML descriptions as words', () => {
    expect(
      htmlToText('<p>Soft &amp; warm</p><ul><li>Wool&nbsp;80%</li></ul><script>x()</script>'),
    ).toBe('Soft & warm Wool 80%');
    expect(htmlToText('5 < 6 and plain')).toBe('5 < 6 and plain');
  });
});
