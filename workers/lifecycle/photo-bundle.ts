import { strFromU8, strToU8 } from 'fflate';
import { APP_VERSION } from '@shared/app-version.ts';
import { appError } from '@shared/errors.ts';
import { isImportedBackbone, type ImageModelRecord } from '@shared/db/records/image.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { packColumns, requireColumn, unpackColumns, type ColumnSpec } from './binary-columns.ts';
import { sha256Hex } from './sha256.ts';

export const PHOTO_BUNDLE_FORMAT = 'shelfwise-photo-model-bundle';
export const PHOTO_BUNDLE_FORMAT_VERSION = 1;
export const PHOTO_MANIFEST = 'shelfwise-photo.json';
const HEAD = 'head.bin';
const TOP = 'top.bin';
/** A late-fusion model's text model, as its own model bundle in this folder. */
export const TEXT_MODEL_FOLDER = 'text-model/';

interface TensorShape {
  name: string;
  shape: number[];
}

/**
 * shelfwise-photo.json: the photo model's record without its tensors, which are in head.bin
 * (the softmax layer) and top.bin (a fine-tuned top), float32, with a SHA-256 of every file.
 * The backbone itself ships with Shelfwise and is named, not copied.
 */
export interface PhotoBundleManifest {
  format: typeof PHOTO_BUNDLE_FORMAT;
  formatVersion: number;
  appVersion: string;
  exportedAt: number;
  model: Omit<ImageModelRecord, 'weights' | 'top'> & {
    top: Omit<NonNullable<ImageModelRecord['top']>, 'weights'> | null;
  };
  head: { file: string; columns: ColumnSpec[]; shapes: TensorShape[] };
  top: { file: string; columns: ColumnSpec[]; shapes: TensorShape[] } | null;
  /** Set when the bundle carries the late-fusion text model (in text-model/). */
  textModel: boolean;
  files: Record<string, string>;
}

function pack(tensors: readonly SavedTensor[]) {
  const columns: Record<string, Float32Array> = {};
  tensors.forEach((tensor, i) => (columns[`${i}:${tensor.name}`] = tensor.data));
  return {
    packed: packColumns(columns),
    shapes: tensors.map(({ name, shape }) => ({ name, shape })),
  };
}

function unpack(
  files: ReadonlyMap<string, Uint8Array>,
  part: { file: string; columns: ColumnSpec[]; shapes: TensorShape[] },
  prefix: string,
): SavedTensor[] {
  const where = `${prefix}${part.file}`;
  const bytes = files.get(part.file);
  if (!bytes) throw appError('InvalidInput', `The bundle is missing ${where}`);
  const columns = unpackColumns(part.columns, bytes, where);
  if (!Array.isArray(part.shapes))
    throw appError(
      'InvalidInput',
      `${PHOTO_MANIFEST}: the tensor shapes of ${part.file} are missing`,
    );
  return part.shapes.map(({ name, shape }, i) => {
    const data = requireColumn(columns, `${i}:${name}`, Float32Array, where);
    const size = Array.isArray(shape) ? shape.reduce((a, b) => a * b, 1) : -1;
    if (size !== data.length)
      throw appError('InvalidInput', `${where}: ${name} holds ${data.length} values, not ${size}`);
    return { name, shape, data };
  });
}

/**
 * The files of a photo model bundle. A late-fusion model's text model comes along in
 * text-model/ when `textModel` (its bundle's files) is given.
 * @throws InvalidInput for a model on an imported network (only shipped ones are named)
 */
export async function writePhotoBundle(
  record: ImageModelRecord,
  textModel: ReadonlyMap<string, Uint8Array> | null,
  exportedAt = Date.now(),
): Promise<Map<string, Uint8Array>> {
  if (isImportedBackbone(record.backbone))
    throw appError(
      'InvalidInput',
      `The photo model runs on an imported network (${record.backbone}), which a bundle does not carry: only models on the shipped networks are exported`,
    );
  const files = new Map<string, Uint8Array>();
  const head = pack(record.weights);
  files.set(HEAD, head.packed.bytes);
  const top = record.top ? pack(record.top.weights) : null;
  if (top) files.set(TOP, top.packed.bytes);
  for (const [path, bytes] of textModel ?? []) files.set(`${TEXT_MODEL_FOLDER}${path}`, bytes);
  const hashes: Record<string, string> = {};
  for (const [path, bytes] of files) hashes[path] = await sha256Hex(bytes);
  const { weights: _inHead, top: tuned, ...rest } = record;
  const manifest: PhotoBundleManifest = {
    format: PHOTO_BUNDLE_FORMAT,
    formatVersion: PHOTO_BUNDLE_FORMAT_VERSION,
    appVersion: APP_VERSION,
    exportedAt,
    model: {
      ...rest,
      top: tuned ? (({ weights: _inTop, ...meta }) => meta)(tuned) : null,
    },
    head: { file: HEAD, columns: head.packed.specs, shapes: head.shapes },
    top: top ? { file: TOP, columns: top.packed.specs, shapes: top.shapes } : null,
    textModel: textModel !== null,
    files: hashes,
  };
  files.set(PHOTO_MANIFEST, strToU8(JSON.stringify(manifest, null, 2)));
  return files;
}

export const isPhotoBundle = (files: ReadonlyMap<string, Uint8Array>): boolean =>
  files.has(PHOTO_MANIFEST);

function field(condition: boolean, path: string, expected: string): void {
  if (!condition) throw appError('InvalidInput', `${PHOTO_MANIFEST}: ${path} must be ${expected}`);
}

/**
 * Reads and validates a photo bundle's files (`prefix` names their folder in a project) into
 * the record to store, and the text model's bundle files when it carries one.
 * @throws InvalidInput naming the missing, damaged or invalid file or field, or a newer format
 */
export async function readPhotoBundle(
  files: ReadonlyMap<string, Uint8Array>,
  prefix = '',
): Promise<{ record: ImageModelRecord; textModel: Map<string, Uint8Array> | null }> {
  const bytes = files.get(PHOTO_MANIFEST);
  if (!bytes) throw appError('InvalidInput', `The bundle has no ${prefix}${PHOTO_MANIFEST}`);
  let manifest: Partial<PhotoBundleManifest>;
  try {
    manifest = JSON.parse(strFromU8(bytes)) as Partial<PhotoBundleManifest>;
  } catch {
    throw appError('InvalidInput', `${prefix}${PHOTO_MANIFEST} is not valid JSON`);
  }
  if (manifest.format !== PHOTO_BUNDLE_FORMAT)
    throw appError('InvalidInput', `${PHOTO_MANIFEST}: format is not "${PHOTO_BUNDLE_FORMAT}"`);
  if (
    !Number.isInteger(manifest.formatVersion) ||
    (manifest.formatVersion as number) > PHOTO_BUNDLE_FORMAT_VERSION
  )
    throw appError(
      'InvalidInput',
      `The photo model bundle has format version ${String(manifest.formatVersion)} (Shelfwise ${String(manifest.appVersion)}); this Shelfwise (${APP_VERSION}) reads version ${PHOTO_BUNDLE_FORMAT_VERSION}. Update Shelfwise to import it.`,
    );
  const model = manifest.model;
  field(typeof model === 'object' && model !== null, 'model', 'an object');
  if (!model || !manifest.head || !manifest.files)
    throw appError('InvalidInput', `${PHOTO_MANIFEST}: model, head and files are required`);
  field(typeof model.id === 'string' && model.id !== '', 'model.id', 'a non-empty string');
  field(
    Array.isArray(model.labels) && model.labels.length > 0,
    'model.labels',
    'a non-empty list of categories',
  );
  field(typeof model.backbone === 'string', 'model.backbone', 'a backbone id');
  for (const [path, expected] of Object.entries(manifest.files)) {
    const file = files.get(path);
    if (!file) throw appError('InvalidInput', `The bundle is missing ${prefix}${path}`);
    if ((await sha256Hex(file)) !== expected)
      throw appError(
        'InvalidInput',
        `${prefix}${path} is damaged: its SHA-256 differs from the one in ${PHOTO_MANIFEST}`,
      );
  }
  const weights = unpack(files, manifest.head, prefix);
  const classes = model.labels.length;
  if (weights.at(-1)?.shape[0] !== classes)
    throw appError(
      'InvalidInput',
      `${prefix}${HEAD} has ${weights.at(-1)?.shape[0] ?? 0} outputs but ${PHOTO_MANIFEST} lists ${classes} labels`,
    );
  const top =
    model.top && manifest.top
      ? { ...model.top, weights: unpack(files, manifest.top, prefix) }
      : null;
  let textModel: Map<string, Uint8Array> | null = null;
  if (manifest.textModel) {
    textModel = new Map();
    for (const [path, file] of files)
      if (path.startsWith(TEXT_MODEL_FOLDER))
        textModel.set(path.slice(TEXT_MODEL_FOLDER.length), file);
  }
  return { record: { ...(model as Omit<ImageModelRecord, 'weights'>), weights, top }, textModel };
}
