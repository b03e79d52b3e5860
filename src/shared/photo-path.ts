/** A path from a CSV cell, a folder drop or a zip entry as parts: '/' separators, no '.' or '..'. */
export function normalisePhotoPath(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..');
}
