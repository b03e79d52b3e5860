import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasImages } from '../../scripts/bench/run-browser-images.ts';
import { readCatalogue } from '../../scripts/bench/read-catalogue.ts';

const dir = mkdtempSync(join(tmpdir(), 'shelfwise-bench-catalogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function catalogue(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('the bench reads a catalogue as the import does', () => {
  it('takes a text catalogue whose first title has a quoted comma, with an empty image column', async () => {
    // Split on commas, the first row's category would land in the image column.
    const path = catalogue('quoted.csv', [
      'title,category,image',
      '"Shirt, blue, cotton",Shirts,',
      'Red dress,Dresses,',
    ]);
    expect(await hasImages(path)).toBe(false);
    const rows = await readCatalogue(path);
    expect(rows.map((row) => [row.title, row.category])).toEqual([
      ['Shirt, blue, cotton', 'Shirts'],
      ['Red dress', 'Dresses'],
    ]);
  });

  it('sees a photo task behind a quoted comma, in CSV and in TSV', async () => {
    const csv = catalogue('photos.csv', ['title,image_url,category', '"Mug, white",mug.jpg,Mugs']);
    const tsv = catalogue('photos.tsv', ['name\tphoto\tlabel', 'Mug, white\tmug.jpg\tMugs']);
    expect(await hasImages(csv)).toBe(true);
    expect(await hasImages(tsv)).toBe(true);
  });
});
