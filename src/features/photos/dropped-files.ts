import type { IncomingPhoto } from '@shared/contracts/image.ts';

/** Files from an <input>, with the folder-relative path a directory picker gives. */
export function filesFromInput(list: FileList | readonly File[] | null): IncomingPhoto[] {
  return Array.from(list ?? [], (file) => ({
    path: file.webkitRelativePath || file.name,
    file,
  }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: IncomingPhoto[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call: read until it returns none.
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader))
    for (const child of batch) await walk(child, out);
}

/** Every file of a drop, folders included (walked recursively), with relative paths. */
export async function filesFromDrop(data: DataTransfer): Promise<IncomingPhoto[]> {
  const entries = Array.from(data.items, (item) => item.webkitGetAsEntry()).filter(
    (entry): entry is FileSystemEntry => entry !== null,
  );
  if (!entries.length) return filesFromInput(data.files);
  const out: IncomingPhoto[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
