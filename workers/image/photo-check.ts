/** Why a file cannot be used as a product photo, before any decoding; null when it may be. */
export interface PhotoRejection {
  code: 'UnsupportedImage' | 'TooLarge' | 'EmptyImage';
  reason: string;
}

/** Files above this are refused: a product photo needs far fewer pixels than that. */
export const MAX_PHOTO_BYTES = 25 * 2 ** 20;
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'avif'];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** HEIC/HEIF: an ISO-BMFF 'ftyp' box naming a HEIF brand. Chromium cannot decode these. */
export function isHeic(bytes: Uint8Array, name: string): boolean {
  if (['heic', 'heif'].includes(extensionOf(name))) return true;
  if (bytes.length < 12) return false;
  const box = String.fromCharCode(...bytes.subarray(4, 12));
  return /^ftyp(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(box);
}

/** True for names that look like photos; other files in a dropped folder are ignored. */
export function looksLikePhoto(name: string): boolean {
  const extension = extensionOf(name);
  return PHOTO_EXTENSIONS.includes(extension) || extension === 'heic' || extension === 'heif';
}

export function checkPhotoBytes(bytes: Uint8Array, name: string): PhotoRejection | null {
  if (bytes.length === 0) return { code: 'EmptyImage', reason: 'the file is empty' };
  if (isHeic(bytes, name))
    return {
      code: 'UnsupportedImage',
      reason: 'it is a HEIC/HEIF photo, which this browser cannot decode; export it as JPEG or PNG',
    };
  if (bytes.length > MAX_PHOTO_BYTES)
    return {
      code: 'TooLarge',
      reason: `it is ${(bytes.length / 2 ** 20).toFixed(0)} MB, over the ${MAX_PHOTO_BYTES / 2 ** 20} MB limit for a photo; save a smaller copy`,
    };
  return null;
}
