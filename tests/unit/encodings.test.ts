import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseCatalogue,
  previewCatalogue,
  type CatalogueRow,
} from '../../workers/import/parse-catalogue.ts';

const fixture = (name: string) =>
  new Blob([readFileSync(new URL(`../fixtures/encodings/${name}`, import.meta.url))]);

async function read(name: string, encoding?: Parameters<typeof previewCatalogue>[1]) {
  const file = fixture(name);
  const preview = await previewCatalogue(file, encoding);
  const rows: CatalogueRow[] = [];
  await parseCatalogue(
    undefined,
    { file, mapping: preview.mapping, options: encoding },
    () => undefined,
    async (chunk) => {
      rows.push(...chunk);
    },
  );
  return { preview, rows };
}

/** Each fixture's first title and category, as written before encoding. */
const EXPECTED: [string, string, string, string][] = [
  ['utf-8.csv', 'utf-8', 'Café crème en grains 1 kg', 'Épicerie'],
  ['utf-8-bom.csv', 'utf-8', 'Café crème en grains 1 kg', 'Épicerie'],
  ['utf-16le-bom.csv', 'utf-16le', 'Café crème en grains 1 kg', 'Épicerie'],
  ['utf-16le.csv', 'utf-16le', 'Café crème en grains 1 kg', 'Épicerie'],
  ['utf-16be-bom.csv', 'utf-16be', 'Café crème en grains 1 kg', 'Épicerie'],
  ['utf-16be.csv', 'utf-16be', 'Café crème en grains 1 kg', 'Épicerie'],
  ['windows-1252.csv', 'windows-1252', 'Café crème en grains 1 kg', 'Épicerie'],
  ['shift_jis.csv', 'shift_jis', 'レディース 花柄 ワンピース 夏', 'ワンピース'],
  ['euc-jp.csv', 'euc-jp', 'レディース 花柄 ワンピース 夏', 'ワンピース'],
  ['gbk.csv', 'gb18030', '女士 碎花 连衣裙 夏季', '连衣裙'],
  ['big5.csv', 'big5', '女士 碎花 連衣裙 夏季', '連衣裙'],
  ['euc-kr.csv', 'euc-kr', '여성 꽃무늬 원피스 여름', '원피스'],
];

describe('encodings', () => {
  for (const [name, encoding, title, category] of EXPECTED) {
    it(`detects ${encoding} in ${name} and shows a sample line`, async () => {
      const { preview, rows } = await read(name);
      expect(preview.encoding).toBe(encoding);
      expect(preview.encodingCandidates[0]?.encoding).toBe(encoding);
      expect(preview.sampleLine).toContain(title);
      expect(rows).toHaveLength(6);
      expect(rows[0]).toMatchObject({ title, category });
      expect(
        rows.every((row) => !row.title.includes('\u0000') && !row.title.includes('\ufffd')),
      ).toBe(true);
    });
  }

  it('offers the other readings with their sample lines, and reads the chosen one', async () => {
    const { preview } = await read('shift_jis.csv');
    expect(preview.encodingCandidates.length).toBeGreaterThan(1);
    const other = preview.encodingCandidates[1];
    expect(other?.sampleLine).not.toContain('ワンピース');
    const forced = await read('shift_jis.csv', { encoding: 'windows-1252' });
    expect(forced.preview.encoding).toBe('windows-1252');
    expect(forced.rows[0]?.title).not.toBe('レディース 花柄 ワンピース 夏');
  });
});
