import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { APP_VERSION } from '@shared/app-version.ts';
import { appError } from '@shared/errors.ts';
import type { ModelContents } from '@shared/db/model-store.ts';
import {
  modelWeightsKey,
  type ModelRecord,
  type SplitPositions,
  type WeightsRecord,
} from '@shared/db/records/model.ts';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import { BACKEND_NAMES } from '@shared/contracts/jobs.ts';
import type { TokenizerConfig } from '@shared/db/records/model.ts';
import { detectSeparator, parseCategoryPath } from '@shared/taxonomy/category-path.ts';
import { packColumns, requireColumn, unpackColumns, type ColumnSpec } from './binary-columns.ts';
import { WEIGHT_PRECISIONS, type WeightPrecision } from './quantize.ts';
import { sha256Hex } from './sha256.ts';
import { linearModelArtifacts, MODEL_JSON, readLinearModelWeights } from './tfjs-weights.ts';

export type { ModelContents };

export const BUNDLE_FORMAT = 'shelfwise-model-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST = 'shelfwise.json';
const VOCABULARY = 'vocabulary.bin';
const SPLIT = 'split.bin';
const HELD_OUT = 'held-out.bin';

/**
 * shelfwise.json: everything but the weights that classifying, evaluating and training
 * further need, with a SHA-256 of every other file so a damaged bundle is named, not used.
 */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  appVersion: string;
  exportedAt: number;
  precision: WeightPrecision;
  /** The model's record: labels, options, metrics, calibration (temperature), dataset link. */
  model: Omit<ModelRecord, 'featureCount'>;
  /** Each label split into its levels, when the labels are category paths. */
  categoryTree: { separator: string; paths: string[][] } | null;
  /** The hashed n-gram vocabulary: word hashes, then character hashes, then IDF per row. */
  featureSpace: { tokenizer: TokenizerConfig; file: string; columns: ColumnSpec[] };
  /** SHA-256 of the validation rows' positions (int32, little-endian); null without a split. */
  validationSplitSha256: string | null;
  split: { file: string; columns: ColumnSpec[] } | null;
  heldOut: {
    file: string;
    columns: ColumnSpec[];
    k: number;
    temperature: number;
    validationNll: HeldOutPredictionsRecord['validationNll'];
  } | null;
  files: Record<string, string>;
}

function categoryTree(record: ModelRecord): BundleManifest['categoryTree'] {
  const separator = record.evaluation.hierarchy?.separator ?? detectSeparator(record.labels);
  try {
    const paths = record.labels.map((label) => parseCategoryPath(label, separator));
    return paths.some((path) => path.length > 1) ? { separator, paths } : null;
  } catch {
    return null;
  }
}

export const validationSplitHash = (split: SplitPositions): Promise<string> =>
  sha256Hex(split.validation);

/** The files of a bundle for a stored model, weights at the chosen precision. */
export async function writeModelBundle(
  { record, stored, heldOut }: ModelContents,
  precision: WeightPrecision,
  exportedAt = Date.now(),
): Promise<Map<string, Uint8Array>> {
  const table = stored.weights.find((tensor) => tensor.name === 'weights');
  if (!table) throw appError('NotFound', `Model ${record.id} has no weight table`);
  const files = new Map<string, Uint8Array>();
  const { modelJson, shards } = linearModelArtifacts(
    table.data,
    record.featureCount,
    record.labels.length,
    precision,
    `Shelfwise ${APP_VERSION}`,
  );
  files.set(MODEL_JSON, strToU8(JSON.stringify(modelJson)));
  for (const shard of shards) files.set(shard.path, shard.bytes);

  const { space, split } = stored;
  const vocabulary = packColumns({
    wordHashes: space.wordHashes,
    charHashes: space.charHashes,
    idf: space.idf,
  });
  files.set(VOCABULARY, vocabulary.bytes);
  const packedSplit = split ? packColumns({ ...split }) : null;
  if (packedSplit) files.set(SPLIT, packedSplit.bytes);
  const packedHeldOut = heldOut
    ? packColumns({
        positions: heldOut.positions,
        truth: heldOut.truth,
        topClasses: heldOut.topClasses,
        rawProbabilities: heldOut.rawProbabilities,
        calibratedProbabilities: heldOut.calibratedProbabilities,
      })
    : null;
  if (packedHeldOut) files.set(HELD_OUT, packedHeldOut.bytes);

  const hashes: Record<string, string> = {};
  for (const [path, bytes] of files) hashes[path] = await sha256Hex(bytes);
  const { featureCount: _derivedFromTheWeights, ...model } = record;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    appVersion: APP_VERSION,
    exportedAt,
    precision,
    model,
    categoryTree: categoryTree(record),
    featureSpace: { tokenizer: space.tokenizer, file: VOCABULARY, columns: vocabulary.specs },
    validationSplitSha256: split ? await validationSplitHash(split) : null,
    split: packedSplit ? { file: SPLIT, columns: packedSplit.specs } : null,
    heldOut:
      heldOut && packedHeldOut
        ? {
            file: HELD_OUT,
            columns: packedHeldOut.specs,
            k: heldOut.k,
            temperature: heldOut.temperature,
            validationNll: heldOut.validationNll,
          }
        : null,
    files: hashes,
  };
  files.set(MANIFEST, strToU8(JSON.stringify(manifest, null, 2)));
  return files;
}

/** A zip of bundle files: JSON deflated, weights stored (float bytes barely compress). */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [path, bytes] of files)
    entries[path] = [bytes, { level: path.endsWith('.json') ? 6 : 0 }];
  return zipSync(entries);
}

/** @throws InvalidInput when the bytes are not a readable zip archive */
export function unzipFiles(bytes: Uint8Array, what: string): Map<string, Uint8Array> {
  try {
    return new Map(Object.entries(unzipSync(bytes)));
  } catch (error) {
    throw appError(
      'InvalidInput',
      `${what} is not a readable .zip archive (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function parseJson(files: ReadonlyMap<string, Uint8Array>, path: string, prefix: string): unknown {
  const bytes = files.get(path);
  if (!bytes)
    throw appError(
      'InvalidInput',
      `The bundle has no ${prefix}${path}: it is not a Shelfwise model bundle`,
    );
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw appError('InvalidInput', `${prefix}${path} is not valid JSON`);
  }
}

function field(condition: boolean, path: string, expected: string): void {
  if (!condition) throw appError('InvalidInput', `${MANIFEST}: ${path} must be ${expected}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks what reading the bundle relies on; the message names the first bad field. */
function checkManifest(value: unknown): BundleManifest {
  field(isObject(value), 'the file', 'a JSON object');
  const manifest = value as Partial<BundleManifest>;
  if (manifest.format !== BUNDLE_FORMAT)
    throw appError(
      'InvalidInput',
      `${MANIFEST}: format is ${JSON.stringify(manifest.format)}, not "${BUNDLE_FORMAT}": this is not a Shelfwise model bundle`,
    );
  field(Number.isInteger(manifest.formatVersion), 'formatVersion', 'a whole number');
  if ((manifest.formatVersion as number) > BUNDLE_FORMAT_VERSION)
    throw appError(
      'InvalidInput',
      `The bundle has format version ${manifest.formatVersion} (written by Shelfwise ${String(manifest.appVersion)}); this Shelfwise (${APP_VERSION}) reads version ${BUNDLE_FORMAT_VERSION}. Update Shelfwise to import it.`,
    );
  field(
    WEIGHT_PRECISIONS.includes(manifest.precision as WeightPrecision),
    'precision',
    `one of ${WEIGHT_PRECISIONS.join(', ')}`,
  );
  const model = manifest.model as Partial<ModelRecord> | undefined;
  field(isObject(model), 'model', 'an object');
  if (!model) throw appError('InvalidInput', `${MANIFEST}: model is missing`);
  field(typeof model.id === 'string' && model.id !== '', 'model.id', 'a non-empty string');
  field(typeof model.datasetId === 'string', 'model.datasetId', 'a string');
  field(typeof model.datasetName === 'string', 'model.datasetName', 'a string');
  field(Number.isFinite(model.createdAt), 'model.createdAt', 'a time in milliseconds');
  field(
    Array.isArray(model.labels) &&
      model.labels.length > 0 &&
      model.labels.every((l) => typeof l === 'string'),
    'model.labels',
    'a non-empty list of category names',
  );
  field(
    typeof model.temperature === 'number' &&
      model.temperature > 0 &&
      Number.isFinite(model.temperature),
    'model.temperature',
    'a positive number',
  );
  field(isObject(model.options), 'model.options', 'the training options');
  field(BACKEND_NAMES.includes(model.backend as never), 'model.backend', BACKEND_NAMES.join(', '));
  field(
    isObject(model.evaluation) && isObject(model.evaluation.metrics),
    'model.evaluation.metrics',
    'the held-out metrics',
  );
  field(Array.isArray(model.history), 'model.history', 'a list');
  const space = manifest.featureSpace;
  field(
    isObject(space) && isObject(space.tokenizer),
    'featureSpace.tokenizer',
    'the tokenizer settings',
  );
  field(isObject(manifest.files), 'files', 'the SHA-256 of every file');
  return manifest as BundleManifest;
}

/** Every file the manifest lists is present and has the recorded hash. */
async function checkFiles(
  manifest: BundleManifest,
  files: ReadonlyMap<string, Uint8Array>,
  prefix: string,
): Promise<void> {
  for (const [path, expected] of Object.entries(manifest.files)) {
    const bytes = files.get(path);
    if (!bytes) throw appError('InvalidInput', `The bundle is missing ${prefix}${path}`);
    if ((await sha256Hex(bytes)) !== expected)
      throw appError(
        'InvalidInput',
        `${prefix}${path} is damaged: its SHA-256 differs from the one in ${MANIFEST}`,
      );
  }
}

function filesOf(
  files: ReadonlyMap<string, Uint8Array>,
  file: string | undefined,
  prefix: string,
): Uint8Array {
  const bytes = file === undefined ? undefined : files.get(file);
  if (!bytes)
    throw appError('InvalidInput', `The bundle is missing ${prefix}${file ?? 'a data file'}`);
  return bytes;
}

/**
 * Reads and validates a bundle's files (already unzipped; `prefix` names their folder in a
 * project archive) into a model ready to store.
 * @throws InvalidInput naming the missing or invalid file or field
 */
export async function readModelBundle(
  files: ReadonlyMap<string, Uint8Array>,
  prefix = '',
): Promise<ModelContents & { manifest: BundleManifest }> {
  const manifest = checkManifest(parseJson(files, MANIFEST, prefix));
  await checkFiles(manifest, files, prefix);
  const weights = readLinearModelWeights(parseJson(files, MODEL_JSON, prefix), files);

  const vocabularyFile = `${prefix}${manifest.featureSpace.file}`;
  const vocabulary = unpackColumns(
    manifest.featureSpace.columns,
    filesOf(files, manifest.featureSpace.file, prefix),
    vocabularyFile,
  );
  const wordHashes = requireColumn(vocabulary, 'wordHashes', Uint32Array, vocabularyFile);
  const charHashes = requireColumn(vocabulary, 'charHashes', Uint32Array, vocabularyFile);
  const idf = requireColumn(vocabulary, 'idf', Float32Array, vocabularyFile);
  const featureCount = wordHashes.length + charHashes.length;
  if (idf.length !== featureCount || weights.featureCount !== featureCount)
    throw appError(
      'InvalidInput',
      `The vocabulary has ${featureCount} features but the weights ${weights.featureCount} (and ${idf.length} IDF values)`,
    );
  if (weights.classCount !== manifest.model.labels.length)
    throw appError(
      'InvalidInput',
      `model.json has ${weights.classCount} outputs but ${MANIFEST} lists ${manifest.model.labels.length} labels`,
    );

  let split: SplitPositions | undefined;
  if (manifest.split) {
    const file = `${prefix}${manifest.split.file}`;
    const columns = unpackColumns(
      manifest.split.columns,
      filesOf(files, manifest.split.file, prefix),
      file,
    );
    split = {
      train: requireColumn(columns, 'train', Int32Array, file),
      validation: requireColumn(columns, 'validation', Int32Array, file),
      test: requireColumn(columns, 'test', Int32Array, file),
    };
    if ((await validationSplitHash(split)) !== manifest.validationSplitSha256)
      throw appError(
        'InvalidInput',
        `${file}: its validation rows do not match validationSplitSha256`,
      );
  }

  const record: ModelRecord = { ...manifest.model, featureCount };
  let heldOut: HeldOutPredictionsRecord | undefined;
  if (manifest.heldOut) {
    const file = `${prefix}${manifest.heldOut.file}`;
    const columns = unpackColumns(
      manifest.heldOut.columns,
      filesOf(files, manifest.heldOut.file, prefix),
      file,
    );
    heldOut = {
      modelId: record.id,
      datasetId: record.datasetId,
      k: manifest.heldOut.k,
      temperature: manifest.heldOut.temperature,
      validationNll: manifest.heldOut.validationNll,
      positions: requireColumn(columns, 'positions', Int32Array, file),
      truth: requireColumn(columns, 'truth', Int32Array, file),
      topClasses: requireColumn(columns, 'topClasses', Int32Array, file),
      rawProbabilities: requireColumn(columns, 'rawProbabilities', Float32Array, file),
      calibratedProbabilities: requireColumn(
        columns,
        'calibratedProbabilities',
        Float32Array,
        file,
      ),
    };
  }
  const stored: WeightsRecord = {
    key: modelWeightsKey(record.id),
    space: { tokenizer: manifest.featureSpace.tokenizer, wordHashes, charHashes, idf },
    weights: [
      { name: 'weights', shape: [featureCount + 1, weights.classCount], data: weights.table },
    ],
    bestWeights: null,
    ...(split ? { split } : {}),
  };
  return { manifest, record, stored, ...(heldOut ? { heldOut } : {}) };
}
