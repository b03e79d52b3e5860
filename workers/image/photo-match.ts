import { normalisePhotoPath as normalisePath } from '@shared/photo-path.ts';

/**
 * Matches each CSV image path to one of the given file paths: the longest common trailing
 * path wins (so "images/a/1.jpg" finds "shop/images/a/1.jpg"), down to the bare file name,
 * which must then be unique. Returns, for each image path, the index of its file or -1.
 */
export function matchPhotoPaths(
  imagePaths: readonly string[],
  filePaths: readonly string[],
): number[] {
  // Every trailing part of every file path points at that file, or at -2 when ambiguous.
  const bySuffix = new Map<string, number>();
  filePaths.forEach((path, index) => {
    const parts = normalisePath(path);
    for (let start = 0; start < parts.length; start++) {
      const key = parts.slice(start).join('/').toLowerCase();
      const seen = bySuffix.get(key);
      bySuffix.set(key, seen === undefined || seen === index ? index : -2);
    }
  });
  return imagePaths.map((path) => {
    const parts = normalisePath(path);
    for (let start = 0; start < parts.length; start++) {
      const found = bySuffix.get(parts.slice(start).join('/').toLowerCase());
      if (found !== undefined && found >= 0) return found;
      if (found === -2 && start === parts.length - 1) return -1;
    }
    return -1;
  });
}
