import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import type { ReviewLogRecord } from '@shared/db/records/review.ts';
import { csvHeader, toCsv } from '@shared/csv-write.ts';
import { decisionExportRows, predictionExportRows } from '@shared/review/export-rows.ts';
import {
  exportColumns,
  exportLabel,
  exportLines,
  type ExportContext,
  type ShopExportKind,
} from '@shared/exports/shop-export.ts';
import { parseTaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import {
  exportRows,
  mappingFromSuggestions,
} from '../../src/features/taxonomy/category-mappings.ts';

/** Cells a spreadsheet would run as formulas, and one that hides its formula after a line break. */
const HOSTILE = [
  '=HYPERLINK("http://x.example","click")',
  '+1+2',
  '-3+4',
  '@SUM(A1)',
  '\tTAB',
  '\rCR',
  '=1+1\nsecond line',
];

const row = (i: number, overrides: Partial<StoredRow> = {}): StoredRow => ({
  line: i + 2,
  id: HOSTILE[i % HOSTILE.length] as string,
  title: HOSTILE[(i + 1) % HOSTILE.length] as string,
  description: '',
  category: HOSTILE[(i + 2) % HOSTILE.length] as string,
  image: '',
  ...overrides,
});
const ROWS = HOSTILE.map((_, i) => row(i));

/** Reads the written file back: every cell, header included. */
function cellsOf(text: string, delimiter = ','): string[] {
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data.flat();
}

/**
 * What a spreadsheet runs as a formula, written out here rather than taken from the writer, so
 * that a character dropped from the writer's rule fails this test.
 */
const OPENS_A_FORMULA = /^[=+\-@\t\r]/;

/** No cell starts with a formula character; every hostile value is there, behind an apostrophe. */
function expectSafe(text: string, delimiter = ','): void {
  const cells = cellsOf(text, delimiter);
  expect(cells.filter((cell) => OPENS_A_FORMULA.test(cell))).toEqual([]);
  for (const value of HOSTILE) expect(cells).toContain(`'${value}`);
}

describe('every CSV the app writes neutralises formula cells', () => {
  it('the predictions export', () => {
    const source = {
      topClasses: Int32Array.from(ROWS.flatMap(() => [0, 1, -1])),
      topProbabilities: Float32Array.from(ROWS.flatMap(() => [0.9, 0.1, 0])),
    };
    const labels = ['=cmd|" /C calc"!A0', '@label'];
    const lines = predictionExportRows(
      ROWS,
      ROWS.map((r) => r.category),
      source,
      labels,
      0.5,
    );
    expectSafe(toCsv(lines));
  });

  it('the decisions export', () => {
    const log: ReviewLogRecord[] = ROWS.map((r, i) => ({
      seq: i,
      datasetId: 'd',
      position: i,
      rowId: r.id,
      action: 'relabel',
      before: r.category,
      after: '=2+2',
      reviewer: '+owner',
      at: 0,
      modelId: 'm',
    }));
    expectSafe(toCsv(decisionExportRows(log)));
  });

  it('the category mappings export', () => {
    const taxonomy = parseTaxonomyFile({
      format: 1,
      info: {
        id: 'google',
        name: 'Google',
        version: '1',
        languages: ['en'],
        nodeCount: 1,
        leafCount: 1,
        licence: '',
        attribution: '',
        exportColumn: 'google_product_category',
        exportIdTemplate: '{id}',
      },
      ids: ['1'],
      parents: [-1],
      names: { en: ['-Animals'] },
    });
    const mapping = mappingFromSuggestions(
      'd',
      taxonomy,
      ROWS.map((r) => ({ category: r.category, candidates: [{ nodeId: '1', score: 1 }] })),
    );
    expectSafe(toCsv(exportRows(ROWS, mapping, taxonomy, null)));
  });

  const context = (kind: ShopExportKind): ExportContext => ({
    kind,
    columns: {
      id: 'id',
      title: 'title',
      category: kind === 'merchant' ? 'google_product_category' : 'Product Category',
    },
    googleIds: new Map(),
  });
  for (const kind of ['shopify', 'woocommerce', 'merchant', 'generic'] as const) {
    it(`the ${kind} export`, () => {
      const ctx = context(kind);
      const delimiter = kind === 'merchant' ? '\t' : ',';
      const lines = ROWS.flatMap((r) =>
        exportLines(
          { ...r, details: { memberIds: [r.id], productType: '=pt' } },
          exportLabel(r, undefined, undefined, 0.5),
          ctx,
        ),
      );
      const text = `${csvHeader(exportColumns(ctx), delimiter)}\r\n${toCsv(lines, { columns: exportColumns(ctx), delimiter, header: false })}`;
      expectSafe(text, delimiter);
      expect(cellsOf(text, delimiter).slice(0, exportColumns(ctx).length)).toEqual(
        exportColumns(ctx),
      );
    });
  }
});

describe('the shop exports', () => {
  const plain = (overrides: Partial<StoredRow>): StoredRow => ({
    line: 2,
    id: 'tee',
    title: 'Tee',
    description: '',
    category: '',
    image: '',
    ...overrides,
  });
  it('write the owner’s label, else the model’s above the threshold, else a blank', () => {
    const guess = { label: 'Mugs', probability: 0.8 };
    expect(exportLabel(plain({ category: 'Tees' }), undefined, guess, 0.9)).toMatchObject({
      label: 'Tees',
      source: 'owner',
    });
    expect(exportLabel(plain({ category: 'Tees' }), 'Shirts', guess, 0.9)).toMatchObject({
      label: 'Shirts',
      source: 'owner',
    });
    expect(exportLabel(plain({}), undefined, guess, 0.7)).toMatchObject({
      label: 'Mugs',
      source: 'model',
    });
    expect(exportLabel(plain({}), undefined, guess, 0.9)).toMatchObject({ label: '', source: '' });
  });

  it('writes WooCommerce categories with the others kept and commas escaped; one Merchant line per variant', () => {
    const woo = exportLines(
      plain({ id: '101', details: { otherCategories: ['Clothing'] } }),
      { label: 'Home, Kitchen > Mugs', source: 'model', confidence: 0.9 },
      { kind: 'woocommerce', columns: {}, googleIds: new Map() },
    );
    expect(woo).toEqual([
      { ID: '101', Name: 'Tee', Categories: 'Home\\, Kitchen > Mugs, Clothing' },
    ]);
    const merchant = exportLines(
      plain({
        id: 'tee',
        details: { memberIds: ['tee-s', 'tee-m'], productType: 'Clothing > Tees' },
      }),
      {
        label: 'Apparel & Accessories > Clothing > Shirts & Tops',
        source: 'owner',
        confidence: null,
      },
      {
        kind: 'merchant',
        columns: { category: 'google_product_category' },
        googleIds: new Map([['Apparel & Accessories > Clothing > Shirts & Tops', '212']]),
      },
    );
    expect(merchant).toEqual([
      { id: 'tee-s', google_product_category: '212', product_type: 'Clothing > Tees' },
      { id: 'tee-m', google_product_category: '212', product_type: 'Clothing > Tees' },
    ]);
    expect(
      exportColumns({ kind: 'shopify', columns: { category: 'Type' }, googleIds: new Map() }),
    ).toEqual(['Handle', 'Title', 'Type']);
  });
});
