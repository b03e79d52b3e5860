import { unzipSync } from 'fflate';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImportProblem } from '@shared/db/records/catalogue.ts';
import type { PhotoRecord } from '@shared/db/records/image.ts';
import { readDatasetRows } from '@shared/db/catalogue-store.ts';
import { hashBytes, putPhotos } from '@shared/db/photo-store.ts';
import type {
  AttachPhotosRequest,
  AttachPhotosResult,
  ImageJobProgress,
  IncomingPhoto,
} from '@shared/contracts/image.ts';
import { checkPhotoBytes, looksLikePhoto } from './photo-check.ts';
import { matchPhotoPaths } from './photo-match.ts';

const STORE_BATCH = 64;

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

function mimeOf(path: string, given: string): string {
  return given || MIME[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] || '';
}

/** Photos inside the `.zip` files among `photos`, plus the photos given directly. */
export async function expandZips(photos: readonly IncomingPhoto[]): Promise<IncomingPhoto[]> {
  const out: IncomingPhoto[] = [];
  for (const photo of photos) {
    if (!/\.zip$/i.test(photo.path)) {
      if (looksLikePhoto(photo.path)) out.push(photo);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await photo.file.arrayBuffer()), {
        filter: (entry) => looksLikePhoto(entry.name) && !entry.name.startsWith('__MACOSX/'),
      });
    } catch (error) {
      throw appError(
        'InvalidInput',
        `${photo.path} could not be opened as a zip file (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    for (const [name, bytes] of Object.entries(entries))
      out.push({
        path: `${photo.path.replace(/\.zip$/i, '')}/${name}`,
        file: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      });
  }
  return out;
}

/**
 * Matches the dataset rows' `image` paths to the given files and stores the photos.
 * Rows whose photo is missing, or is HEIC, empty or too large, are reported by line and left
 * without a photo; nothing is fatal but an unreadable zip or an unknown dataset.
 */
export async function attachPhotos(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  request: AttachPhotosRequest,
  onProgress: (progress: ImageJobProgress) => void,
): Promise<AttachPhotosResult> {
  const dataset = await db.get('datasets', request.datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${request.datasetId} no longer exists`);
  const rows = (await readDatasetRows(db, request.datasetId)).filter((row) => row.image);
  const files = await expandZips(request.photos);
  throwIfAborted(signal);
  const uniquePaths = [...new Set(rows.map((row) => row.image))];
  const matches = matchPhotoPaths(
    uniquePaths,
    files.map((file) => file.path),
  );
  const problems: ImportProblem[] = [];
  const lineOf = new Map<string, number>();
  for (const row of rows) if (!lineOf.has(row.image)) lineOf.set(row.image, row.line);
  const report = (path: string, code: string, reason: string) => {
    const line = lineOf.get(path) ?? 0;
    problems.push({
      line,
      field: 'image',
      code,
      message: `Line ${line}: the image "${path}" ${reason}; the row has no photo`,
      skipped: false,
      params: { path },
    });
  };

  let attached = 0;
  const clock = new ProgressClock();
  let pending: PhotoRecord[] = [];
  for (let i = 0; i < uniquePaths.length; i++) {
    const path = uniquePaths[i] as string;
    const file = files[matches[i] ?? -1];
    if (!file) {
      report(path, 'MissingImage', 'was not among the photos given');
      continue;
    }
    const bytes = await file.file.arrayBuffer();
    const rejection = checkPhotoBytes(new Uint8Array(bytes), file.path);
    if (rejection) {
      report(path, rejection.code, `cannot be used: ${rejection.reason}`);
      continue;
    }
    pending.push({
      datasetId: dataset.id,
      path,
      bytes,
      type: mimeOf(file.path, file.file.type),
      hash: await hashBytes(bytes),
    });
    attached += 1;
    if (pending.length >= STORE_BATCH) {
      await putPhotos(db, pending);
      pending = [];
      throwIfAborted(signal);
    }
    if (clock.due()) {
      onProgress({ kind: 'attach', done: i + 1, total: uniquePaths.length });
    }
  }
  await putPhotos(db, pending);
  onProgress({ kind: 'attach', done: uniquePaths.length, total: uniquePaths.length });
  return { attached, rowsWithImage: rows.length, problems };
}
