import { normalisePhotoPath } from './photo-path.ts';

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A catalogue for a folder of photos without a CSV: one row per photo, its category the
 * folder it sits in (the usual "one folder per class" layout), its image the relative path.
 * Photos at the top level have no category and are left out (they would be skipped anyway).
 */
export function catalogueFromPhotoPaths(paths: readonly string[]): string {
  const lines = ['id,title,description,category,image'];
  for (const path of paths) {
    const parts = normalisePhotoPath(path);
    if (parts.length < 2) continue;
    const category = parts[parts.length - 2] as string;
    const joined = parts.join('/');
    lines.push([joined, '', '', category, joined].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
