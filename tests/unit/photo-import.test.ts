import { describe, expect, it } from 'vitest';
import { catalogueFromPhotoPaths } from '@shared/photo-catalogue.ts';
import {
  parseCatalogue,
  previewCatalogue,
  type CatalogueRow,
} from '../../workers/import/parse-catalogue.ts';
import { checkPhotoBytes, isHeic, looksLikePhoto } from '../../workers/image/photo-check.ts';
import { matchPhotoPaths } from '../../workers/image/photo-match.ts';

describe('matchPhotoPaths', () => {
  const files = [
    'shop/images/train/Apple/apple_001.jpg',
    'shop/images/test/Apple/apple_001.jpg',
    'shop/images/train/Pear/pear_001.jpg',
    'loose/unique.png',
  ];

  it('matches CSV paths by their longest common ending, relative parts ignored', () => {
    expect(
      matchPhotoPaths(
        [
          '../../images/train/Apple/apple_001.jpg',
          'images/test/Apple/apple_001.jpg',
          './Pear/pear_001.jpg',
        ],
        files,
      ),
    ).toEqual([0, 1, 2]);
  });

  it('matches a bare file name only when one file has it', () => {
    expect(matchPhotoPaths(['unique.png', 'apple_001.jpg', 'missing.jpg'], files)).toEqual([
      3, -1, -1,
    ]);
  });

  it('accepts Windows separators and any letter case', () => {
    expect(matchPhotoPaths(['Images\\Train\\PEAR\\pear_001.JPG'], files)).toEqual([2]);
  });
});

describe('photo checks', () => {
  const heic = new Uint8Array([0, 0, 0, 24, ...Array.from('ftypheic', (c) => c.charCodeAt(0))]);

  it('recognises HEIC by its ftyp brand even with a .jpg name', () => {
    expect(isHeic(heic, 'IMG_0001.jpg')).toBe(true);
    expect(checkPhotoBytes(heic, 'IMG_0001.jpg')?.code).toBe('UnsupportedImage');
    expect(checkPhotoBytes(heic, 'IMG_0001.jpg')?.reason).toMatch(/HEIC.*JPEG or PNG/);
  });

  it('refuses empty and oversized files with the reason, and passes a JPEG header', () => {
    expect(checkPhotoBytes(new Uint8Array(0), 'a.jpg')?.code).toBe('EmptyImage');
    expect(checkPhotoBytes(new Uint8Array(26 * 2 ** 20), 'a.jpg')?.reason).toMatch(/26 MB/);
    expect(
      checkPhotoBytes(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]), 'a.jpg'),
    ).toBeNull();
  });

  it('knows which dropped files are photos', () => {
    expect(['a.JPG', 'b.webp', 'c.heic'].every(looksLikePhoto)).toBe(true);
    expect(['notes.txt', 'x.csv', 'photos.zip'].some(looksLikePhoto)).toBe(false);
  });
});

describe('catalogueFromPhotoPaths', () => {
  it('makes one row per photo, the folder as its category, and quotes what needs it', () => {
    expect(catalogueFromPhotoPaths(['shop/Hats, caps/1.jpg', 'shop/Shoes/2.jpg', 'top.jpg'])).toBe(
      'id,title,description,category,image\n' +
        '"shop/Hats, caps/1.jpg",,,"Hats, caps","shop/Hats, caps/1.jpg"\n' +
        'shop/Shoes/2.jpg,,,Shoes,shop/Shoes/2.jpg\n',
    );
  });
});

describe('image-only rows', () => {
  it('keeps rows that have a photo but no title, and still skips rows with neither', async () => {
    const csv = 'id,title,description,category,image\n1,,,Hats,a/1.jpg\n2,,,Hats,\n3,Cap,,Hats,\n';
    const file = new Blob([csv]);
    const { mapping } = await previewCatalogue(file);
    const rows: CatalogueRow[] = [];
    const result = await parseCatalogue(
      undefined,
      { file, mapping },
      () => undefined,
      async (chunk) => void rows.push(...chunk),
    );
    expect(rows.map((row) => row.id)).toEqual(['1', '3']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 3,
        code: 'EmptyTitle',
        message: 'Line 3: the title is empty and there is no image, so the row was skipped',
      }),
    ]);
  });
});
