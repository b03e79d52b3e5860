import { appError } from '@shared/errors.ts';
import type { StoredModelArtifacts, StoredWeightSpec } from '@shared/db/records/image.ts';

/** A file the owner picked: its name (or relative path, from a folder) and bytes. */
export interface ModelFile {
  path: string;
  bytes: ArrayBuffer;
}

const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const quote = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** Bytes the manifest's weights take on disk; null when a string tensor makes it unknowable. */
export function manifestBytes(specs: readonly StoredWeightSpec[]): number | null {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_VALUE[dtype];
    if (size === undefined) return null;
    total += spec.shape.reduce((product, dim) => product * dim, 1) * size;
  }
  return total;
}

function pickModelJson(files: readonly ModelFile[]): ModelFile {
  const jsons = files.filter((file) => /\.json$/i.test(file.path));
  const named = jsons.filter((file) => baseName(file.path).toLowerCase() === 'model.json');
  const candidates = named.length ? named : jsons;
  if (candidates.length === 0)
    throw appError(
      'MissingFile',
      `No model.json among the ${files.length} file${files.length === 1 ? '' : 's'} chosen: pick the model.json and its .bin weight files together`,
    );
  if (candidates.length > 1)
    throw appError(
      'InvalidModel',
      `Several model files were chosen (${quote(candidates.map((f) => f.path))}): import one model at a time`,
    );
  return candidates[0] as ModelFile;
}

function parseJson(file: ModelFile): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (error) {
    throw appError(
      'InvalidModel',
      `${file.path} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw appError('InvalidModel', `${file.path} is not a TF.js model.json: it is not an object`);
  return parsed as Record<string, unknown>;
}

interface ManifestGroup {
  paths: string[];
  weights: StoredWeightSpec[];
}

function readManifest(json: Record<string, unknown>, path: string): ManifestGroup[] {
  const manifest = json.weightsManifest;
  const isGroup = (group: unknown): group is ManifestGroup =>
    !!group &&
    typeof group === 'object' &&
    Array.isArray((group as ManifestGroup).paths) &&
    Array.isArray((group as ManifestGroup).weights);
  if (!Array.isArray(manifest) || !manifest.every(isGroup))
    throw appError(
      'InvalidModel',
      `${path} has no valid "weightsManifest" (a list of { paths, weights }): not a TF.js model.json`,
    );
  return manifest;
}

/**
 * Reads a TF.js model.json and joins the weight shards it lists, in its order, from the
 * files picked. Shards are matched by file name, so a folder or a loose selection both work.
 * @throws MissingFile without a model.json or when a shard it lists was not picked;
 *   InvalidModel when model.json is not a TF.js model or the shards' size does not match it.
 */
export function readModelFiles(files: readonly ModelFile[]): {
  fileName: string;
  artifacts: StoredModelArtifacts;
} {
  const modelFile = pickModelJson(files);
  const json = parseJson(modelFile);
  const topology = json.modelTopology;
  if (!topology || typeof topology !== 'object')
    throw appError(
      'InvalidModel',
      `${modelFile.path} has no "modelTopology": it is not a TF.js model.json (Keras .h5 and SavedModel files need the TF.js converter first)`,
    );
  const groups = readManifest(json, modelFile.path);
  const byName = new Map(files.map((file) => [baseName(file.path), file]));
  const wanted = groups.flatMap((group) => group.paths.map(baseName));
  const missing = wanted.filter((name) => !byName.has(name));
  if (missing.length)
    throw appError(
      'MissingFile',
      `${modelFile.path} lists the weight file${missing.length === 1 ? '' : 's'} ${quote(missing)}, not among the files chosen: pick every .bin file next to model.json`,
    );
  const shards = wanted.map((name) => new Uint8Array((byName.get(name) as ModelFile).bytes));
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  const weightSpecs = groups.flatMap((group) => group.weights);
  const expected = manifestBytes(weightSpecs);
  if (expected !== null && expected !== weightData.byteLength)
    throw appError(
      'InvalidModel',
      `The weight files (${quote(wanted)}) hold ${weightData.byteLength.toLocaleString('en')} bytes, but ${modelFile.path} describes ${expected.toLocaleString('en')}: a shard is truncated or belongs to another model`,
    );
  const isGraph =
    json.format === 'graph-model' || Array.isArray((topology as { node?: unknown }).node);
  return {
    fileName: modelFile.path,
    artifacts: {
      format: isGraph ? 'graph-model' : 'layers-model',
      modelTopology: topology,
      weightSpecs,
      weightData: weightData.buffer,
      ...(json.signature ? { signature: json.signature } : {}),
    },
  };
}
