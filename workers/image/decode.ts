import { appError } from '@shared/errors.ts';
import { checkPhotoBytes } from './photo-check.ts';
import type { Pixels } from './preprocess.ts';

/**
 * Photos are decoded no larger than this on their long side: the backbone sees 224 px, and
 * a 2x margin keeps augmentation crops sharp while a 50-megapixel photo costs little memory.
 */
export const MAX_DECODE_SIDE = 448;

/**
 * Decodes a photo to RGBA pixels in a worker (createImageBitmap + OffscreenCanvas).
 * @throws InvalidInput naming the reason (HEIC, too large, corrupt or not an image).
 */
export async function decodePhoto(bytes: ArrayBuffer, type: string, name: string): Promise<Pixels> {
  const rejection = checkPhotoBytes(new Uint8Array(bytes), name);
  if (rejection) throw appError('InvalidInput', rejection.reason);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type }));
  } catch {
    throw appError('InvalidInput', 'it could not be decoded (a corrupt file, or not an image)');
  }
  try {
    const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw appError('InvalidInput', 'no 2D canvas is available to decode photos');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    return { data: context.getImageData(0, 0, width, height).data, width, height };
  } finally {
    bitmap.close();
  }
}
