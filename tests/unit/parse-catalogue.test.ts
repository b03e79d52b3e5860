import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectColumns,
  parseCatalogue,
  previewCatalogue,
  type CatalogueRow,
  type ParseResult,
} from '../../workers/import/parse-catalogue.ts';
import type { ColumnMapping, ImportProgress } from '@shared/contracts/import.ts';

const MAPPING: ColumnMapping = {
  id: 'id',
  title: 'title',
  description: 'description',
  category: 'category',
};

interface Parsed {
  result: ParseResult;
  rows: CatalogueRow[];
  chunkSizes: number[];
  progress: ImportProgress[];
}

async function parse(
  content: BlobPart | BlobPart[],
  options: {
    mapping?: ColumnMapping;
    chunkRows?: number;
    windowChars?: number;
    sliceBytes?: number;
  } = {},
): Promise<Parsed> {
  const rows: CatalogueRow[] = [];
  const chunkSizes: number[] = [];
  const progress: ImportProgress[] = [];
  const file = new Blob(Array.isArray(content) ? content : [content]);
  const result = await parseCatalogue(
    undefined,
    { file, mapping: options.mapping ?? MAPPING, ...options },
    (update) => progress.push(update),
    async (chunk) => {
      chunkSizes.push(chunk.length);
      rows.push(...chunk);
    },
  );
  return { result, rows, chunkSizes, progress };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the promise to reject');
}

function problemSummary(result: ParseResult) {
  return result.problems.map(({ line, code, skipped }) => ({ line, code, skipped }));
}

describe('detectColumns', () => {
  it('maps the plain header names', () => {
    expect(detectColumns(['id', 'title', 'description', 'category'])).toEqual(MAPPING);
  });

  it('ignores case, spaces and underscores', () => {
    expect(
      detectColumns(['SKU', 'Product Name', 'Details', 'Product_Category_Tree', 'Image URL']),
    ).toEqual({
      id: 'SKU',
      title: 'Product Name',
      description: 'Details',
      category: 'Product_Category_Tree',
      image: 'Image URL',
    });
  });

  it('recognises the Flipkart and fashion dataset headers', () => {
    expect(
      detectColumns(['uniq_id', 'product_name', 'description', 'product_category_tree', 'image']),
    ).toEqual({
      id: 'uniq_id',
      title: 'product_name',
      description: 'description',
      category: 'product_category_tree',
      image: 'image',
    });
    expect(detectColumns(['id', 'gender', 'masterCategory', 'productDisplayName'])).toEqual({
      id: 'id',
      title: 'productDisplayName',
    });
  });

  it('prefers the earlier synonym and leaves unknown headers unmapped', () => {
    expect(detectColumns(['Type', 'Name', 'Label', 'Body', 'photo'])).toEqual({
      title: 'Name',
      category: 'Label',
      description: 'Body',
      image: 'photo',
    });
    expect(detectColumns(['foo', 'bar'])).toEqual({});
  });
});

describe('parseCatalogue', () => {
  it('reads quoted commas, escaped quotes and multi-line descriptions', async () => {
    const csv = [
      'id,title,description,category',
      '1,"Lamp, brass","Warm light',
      'second line of the ""description""",Home > Lighting',
      '2,  Chair  ,,  Furniture  ',
      '',
    ].join('\n');
    const { result, rows } = await parse(csv);
    expect(result.rowCount).toBe(2);
    expect(result.problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        id: '1',
        title: 'Lamp, brass',
        description: 'Warm light\nsecond line of the "description"',
        category: 'Home > Lighting',
        image: '',
      },
      { line: 4, id: '2', title: 'Chair', description: '', category: 'Furniture', image: '' },
    ]);
  });

  it('reads tab-separated files with CRLF line endings', async () => {
    const tsv = 'id\ttitle\tcategory\r\n7\tMug, blue\tKitchen\r\n8\tPlate\tKitchen\r\n';
    const { result, rows } = await parse(tsv, {
      mapping: { title: 'title', category: 'category' },
    });
    expect(result.rowCount).toBe(2);
    expect(rows.map((row) => [row.line, row.title, row.category])).toEqual([
      [2, 'Mug, blue', 'Kitchen'],
      [3, 'Plate', 'Kitchen'],
    ]);
    const preview = await previewCatalogue(new Blob([tsv]));
    expect(preview.delimiter).toBe('\t');
    expect(preview.headers).toEqual(['id', 'title', 'category']);
  });

  it('reads semicolon-separated files', async () => {
    const { rows } = await parse('title;category\nPrice 12,50;Food\n', {
      mapping: { title: 'title', category: 'category' },
    });
    expect(rows.map((row) => row.title)).toEqual(['Price 12,50']);
  });

  it('strips a UTF-8 byte order mark and notes it', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const { result, rows } = await parse([bom, 'id,title,category\n1,Café,Food\n'], {
      mapping: { id: 'id', title: 'title', category: 'category' },
    });
    expect(result.headers).toEqual(['id', 'title', 'category']);
    expect(result.encoding).toBe('utf-8');
    expect(rows[0]).toMatchObject({ id: '1', title: 'Café' });
    expect(problemSummary(result)).toEqual([{ line: 0, code: 'ByteOrderMark', skipped: false }]);
    const mixed = await previewCatalogue(
      new Blob([bom, 'title,category\nCaf', new Uint8Array([0xe9])]),
    );
    expect(mixed.encoding).toBe('windows-1252');
    expect(mixed.headers).toEqual(['title', 'category']);
    expect(mixed.problems.map((problem) => problem.code)).toEqual(['ByteOrderMark', 'NotUtf8']);
  });

  it('falls back to Windows-1252 and names the first line that is not UTF-8', async () => {
    const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
    const bytes = new Uint8Array([
      ...ascii('id,title,description,category\n1,Plain,,Food\n2,Caf'),
      0xe9,
      ...ascii(',,Food\n3,Cr'),
      0xe8,
      ...ascii('me,,Food\n'),
    ]);
    const { result, rows } = await parse(bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(rows.map((row) => row.title)).toEqual(['Plain', 'Café', 'Crème']);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ line: 3, code: 'NotUtf8', field: 'file', skipped: false });
    expect(problem?.message).toContain('Line 3');
    expect((await previewCatalogue(new Blob([bytes]))).encoding).toBe('windows-1252');
  });

  it('rejects UTF-16 files with advice instead of reading garbage', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00]);
    const error = await rejection(parse(utf16));
    expect(error.name).toBe('InvalidInput');
    expect(error.message).toContain('UTF-16');
  });

  it('skips rows without a category or title, naming their physical lines', async () => {
    const csv = [
      'id,title,description,category', // 1
      '1,Lamp,"first line', // 2
      'second line',
      'third line",Home', // 4
      '2,,no title here,Home', // 5
      '',
      '3,Chair,, ', // 7
      '4,Table,,Furniture', // 8
      '5,   ,,', // 9
    ].join('\n');
    const { result, rows } = await parse(csv);
    expect(rows.map((row) => row.line)).toEqual([2, 8]);
    expect(result.rowCount).toBe(2);
    expect(result.skippedRows).toBe(3);
    expect(problemSummary(result)).toEqual([
      { line: 5, code: 'EmptyTitle', skipped: true },
      { line: 7, code: 'MissingCategory', skipped: true },
      { line: 9, code: 'EmptyTitle', skipped: true },
    ]);
    expect(result.problems[0]).toMatchObject({ field: 'title' });
    expect(result.problems[1]).toMatchObject({ field: 'category' });
    expect(result.problems[1]?.message).toBe(
      'Line 7: the category is empty, so the row was skipped',
    );
  });

  it('ignores blank lines and rows of empty fields without a problem', async () => {
    const { result, rows } = await parse('id,title,description,category\n\n,,,\n1,Lamp,,Home\n\n');
    expect(rows.map((row) => row.line)).toEqual([4]);
    expect(result.problems).toEqual([]);
    const strayMark = await parse('title,category\nLamp,Home\n\uFEFF', {
      mapping: { title: 'title', category: 'category' },
    });
    expect(strayMark.rows.map((row) => row.title)).toEqual(['Lamp']);
  });

  it('keeps short rows that still have a title and category, and skips shifted long rows', async () => {
    const csv = [
      'title,category,description',
      'Lamp,Home', // 2: short but usable
      'Chair', // 3: short, no category
      'Mug,Kitchen,blue, large', // 4: unquoted comma shifts the columns
      'Plate,Kitchen,white,', // 5: only an empty extra field
    ].join('\n');
    const { result, rows } = await parse(csv, {
      mapping: { title: 'title', category: 'category', description: 'description' },
    });
    expect(rows.map((row) => row.title)).toEqual(['Lamp', 'Plate']);
    expect(problemSummary(result)).toEqual([
      { line: 2, code: 'WrongFieldCount', skipped: false },
      { line: 3, code: 'MissingCategory', skipped: true },
      { line: 4, code: 'WrongFieldCount', skipped: true },
      { line: 5, code: 'WrongFieldCount', skipped: false },
    ]);
    expect(result.problems[0]?.message).toContain('kept');
    expect(result.problems[1]?.message).toContain('Line 3 has 1 field but the header has 3');
  });

  it('skips a row whose quote never closes and re-reads the lines it swallowed', async () => {
    const csv = [
      'id,title,description,category', // 1
      '1,Good,"two', // 2
      'lines",Home', // 3
      '2,"Broken title,,Home', // 4
      '3,Fine,,Home', // 5
      '4,Also fine,,Garden', // 6
    ].join('\n');
    const { result, rows } = await parse(csv);
    expect(rows.map((row) => [row.line, row.title])).toEqual([
      [2, 'Good'],
      [5, 'Fine'],
      [6, 'Also fine'],
    ]);
    expect(problemSummary(result)).toEqual([{ line: 4, code: 'UnbalancedQuotes', skipped: true }]);
    const [problem] = result.problems;
    expect(problem?.field).toBe('title');
    expect(problem?.message).toContain(
      'on line 4 runs to the end of the file (2 more rows affected)',
    );
  });

  it('recovers when a stray quote swallows lines up to a later quote', async () => {
    const csv = [
      'id,title,category', // 1
      '1,"Stray,Home', // 2
      '2,Fine,Home', // 3
      '3,"Quoted, title",Home', // 4
    ].join('\n');
    const { result, rows } = await parse(csv, {
      mapping: { title: 'title', category: 'category' },
    });
    expect(rows.map((row) => [row.line, row.title])).toEqual([
      [3, 'Fine'],
      [4, 'Quoted, title'],
    ]);
    expect(problemSummary(result)).toEqual([{ line: 2, code: 'UnbalancedQuotes', skipped: true }]);
    expect(result.problems[0]?.message).toContain('swallowed lines 3–4; skipped line 2');
  });

  it('skips a last row whose quote never closes', async () => {
    const { result, rows } = await parse('id,title,description,category\n1,A,,X\n2,B,"oops,X\n');
    expect(rows.map((row) => row.title)).toEqual(['A']);
    expect(problemSummary(result)).toEqual([{ line: 3, code: 'UnbalancedQuotes', skipped: true }]);
    expect(result.problems[0]?.field).toBe('description');
  });

  it('throws EmptyDataset for an empty file and for a header-only file', async () => {
    for (const content of ['', '  \n\n', 'id,title,description,category\n\n']) {
      const error = await rejection(parse(content));
      expect(error.name).toBe('EmptyDataset');
    }
    expect((await rejection(previewCatalogue(new Blob([''])))).name).toBe('EmptyDataset');
  });

  it('throws InvalidInput naming a mapped column the file does not have', async () => {
    const csv = 'id,title,category\n1,Lamp,Home\n';
    const missing = await rejection(
      parse(csv, { mapping: { title: 'title', category: 'Categry' } }),
    );
    expect(missing.name).toBe('InvalidInput');
    expect(missing.message).toMatch(/^Missing column "Categry"/);
    expect(missing.message).toContain('"id", "title", "category"');
    const unmapped = await rejection(parse(csv, { mapping: { title: 'title' } }));
    expect(unmapped.name).toBe('InvalidInput');
    expect(unmapped.message).toMatch(/^Missing column for the category/);
  });

  it('stops with an AbortError when the signal aborts', async () => {
    const lines = Array.from({ length: 50 }, (_, index) => `${index},Item ${index},,Cat`);
    const file = new Blob([['id,title,description,category', ...lines].join('\n')]);
    const controller = new AbortController();
    let chunks = 0;
    const error = await rejection(
      parseCatalogue(
        controller.signal,
        { file, mapping: MAPPING, chunkRows: 10 },
        () => {},
        async () => {
          chunks += 1;
          controller.abort();
        },
      ),
    );
    expect(error.name).toBe('AbortError');
    expect(chunks).toBe(1);
    const aborted = AbortSignal.abort();
    const early = await rejection(
      parseCatalogue(
        aborted,
        { file, mapping: MAPPING },
        () => {},
        async () => {},
      ),
    );
    expect(early.name).toBe('AbortError');
  });

  it('delivers rows in awaited chunks that add up to rowCount, whatever the window size', async () => {
    const lines = Array.from(
      { length: 95 },
      (_, index) => `${index},"Item ${index}","desc\nover, lines",Cat ${index % 3}`,
    );
    const csv = ['id,title,description,category', ...lines, ''].join('\n');
    let storing = false;
    const sizes: number[] = [];
    const result = await parseCatalogue(
      undefined,
      { file: new Blob([csv]), mapping: MAPPING, chunkRows: 20, windowChars: 37 },
      () => expect(storing).toBe(false),
      async (rows) => {
        expect(storing).toBe(false);
        storing = true;
        sizes.push(rows.length);
        await new Promise((resolve) => setTimeout(resolve, 1));
        storing = false;
      },
    );
    expect(result.rowCount).toBe(95);
    expect(sizes).toEqual([20, 20, 20, 20, 15]);
    const wide = await parse(csv, { chunkRows: 20 });
    const narrow = await parse(csv, { chunkRows: 20, windowChars: 37 });
    expect(narrow.rows).toEqual(wide.rows);
    expect(narrow.rows[94]).toMatchObject({ line: 2 + 94 * 2, title: 'Item 94' });
  });

  it('reads the file slice by slice: the same rows, lines and problems at any slice size', async () => {
    const lines = Array.from({ length: 60 }, (_, index) =>
      index === 30
        ? `${index},"Broken ☕ quote,,Cat`
        : `${index},"Café ☕ 手机 ${index}","desc\nover, lines",Cat ${index % 3}`,
    );
    const csv = ['id,title,description,category', ...lines, ''].join('\n');
    const whole = await parse(csv);
    expect(whole.rows.length).toBeGreaterThan(50);
    expect(whole.result.problems.map((problem) => problem.code)).toContain('UnbalancedQuotes');
    for (const sliceBytes of [1, 7, 64]) {
      const sliced = await parse(csv, { sliceBytes, windowChars: 37 });
      expect(sliced.rows).toEqual(whole.rows);
      expect(sliced.result.problems).toEqual(whole.result.problems);
      expect(sliced.progress.at(-1)?.bytes).toBe(new Blob([csv]).size);
    }
  });

  it('finds a byte that is not UTF-8 in a later slice and names its line', async () => {
    const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
    const head = 'id,title,description,category\n1,Plain,,Food\n2,Caf\u00e9 ok,,Food\n';
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(head),
      ...ascii('3,Cr'),
      0xe8,
      ...ascii('me,,Food\n'),
    ]);
    for (const sliceBytes of [3, 16]) {
      const { result } = await parse(bytes, { sliceBytes });
      expect(result.encoding).toBe('windows-1252');
      expect(result.problems[0]).toMatchObject({ line: 4, code: 'NotUtf8' });
    }
  });

  it('reports progress ending at the full size', async () => {
    const csv = 'id,title,description,category\n1,Lamp,,Home\n2,Café,,Home\n';
    const { progress } = await parse(csv);
    const last = progress.at(-1);
    const size = new Blob([csv]).size;
    expect(last).toEqual({
      kind: 'parse',
      bytes: size,
      totalBytes: size,
      rows: 2,
      problems: 0,
      etaMs: 0,
    });
  });

  it('keeps at most 10,000 problems and counts the rest', async () => {
    const bad = Array.from({ length: 10_050 }, (_, index) => `${index},Item,,`);
    const csv = ['id,title,description,category', ...bad, '1,Good,,Cat'].join('\n');
    const { result, rows } = await parse(csv);
    expect(rows).toHaveLength(1);
    expect(result.skippedRows).toBe(10_050);
    expect(result.problems).toHaveLength(10_001);
    expect(result.problems[9_999]?.line).toBe(10_001);
    expect(result.problems.at(-1)).toMatchObject({
      line: 0,
      message: 'and 50 more problems',
      skipped: true,
    });
  });

  it('parses the demo catalogue without skipping a row', async () => {
    const bytes = readFileSync(new URL('../../public/demo/catalogue.csv', import.meta.url));
    const file = new Blob([bytes]);
    const preview = await previewCatalogue(file);
    expect(preview.mapping).toEqual(MAPPING);
    expect(preview.sample).toHaveLength(20);
    const { result, chunkSizes } = await parse(bytes, { mapping: preview.mapping });
    expect(result.rowCount).toBe(3000);
    expect(result.skippedRows).toBe(0);
    expect(result.problems.filter((problem) => problem.skipped)).toEqual([]);
    expect(chunkSizes.reduce((sum, size) => sum + size, 0)).toBe(3000);
  });
});

describe('previewCatalogue', () => {
  it('returns headers, delimiter, detected mapping and up to 20 sample records', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => `${index};Item ${index};Cat`);
    const preview = await previewCatalogue(new Blob([['SKU;Name;Label', '', ...lines].join('\n')]));
    expect(preview).toMatchObject({
      headers: ['SKU', 'Name', 'Label'],
      delimiter: ';',
      mapping: { id: 'SKU', title: 'Name', category: 'Label' },
      encoding: 'utf-8',
      problems: [],
    });
    expect(preview.sample).toHaveLength(20);
    expect(preview.sample[0]).toEqual(['0', 'Item 0', 'Cat']);
  });
});
