import { appError } from '@shared/errors.ts';
import type {
  EnsembleMix,
  NetworkShape,
  PretrainSummary,
  StoredDeepModel,
  SubwordConfig,
} from '@shared/db/records/deep-model.ts';
import { packColumns, requireColumn, unpackColumns, type ColumnSpec } from './binary-columns.ts';
import { requireFinite } from './tfjs-weights.ts';

const DEEP_FILE = 'deep-model.bin';
const DENSE_PREFIX = 'dense:';

/**
 * The deep half of a "Best" model in a bundle: its embedding and layers in one binary file
 * (always float32, so the imported model predicts exactly as the exported one), and what
 * rebuilds it in the manifest.
 */
export interface DeepBundleSection {
  file: string;
  columns: ColumnSpec[];
  subword: SubwordConfig;
  shape: NetworkShape;
  dense: { name: string; shape: number[] }[];
  mix: EnsembleMix;
  pretrain: PretrainSummary;
  trainMs: number;
}

export function writeDeepFiles(
  deep: StoredDeepModel,
  files: Map<string, Uint8Array>,
): DeepBundleSection {
  const columns: Record<string, Uint32Array | Float32Array> = {
    unitHashes: deep.unitHashes,
    units: deep.units,
  };
  for (const tensor of deep.dense) columns[`${DENSE_PREFIX}${tensor.name}`] = tensor.data;
  const packed = packColumns(columns);
  files.set(DEEP_FILE, packed.bytes);
  return {
    file: DEEP_FILE,
    columns: packed.specs,
    subword: deep.subword,
    shape: deep.shape,
    dense: deep.dense.map(({ name, shape }) => ({ name, shape })),
    mix: deep.mix,
    pretrain: deep.pretrain,
    trainMs: deep.trainMs,
  };
}

const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * The stored deep model of a bundle's deep section.
 * @throws InvalidInput naming the file or field that is missing or does not fit
 */
export function readDeepFiles(
  section: DeepBundleSection,
  files: ReadonlyMap<string, Uint8Array>,
  prefix: string,
  classCount: number,
): StoredDeepModel {
  const where = `${prefix}${section.file}`;
  const bytes = files.get(section.file);
  if (!bytes) throw appError('InvalidInput', `The bundle is missing ${where}`);
  const { shape, mix } = section;
  if (!shape || !positive(shape.dim) || shape.classCount !== classCount)
    throw appError(
      'InvalidInput',
      `shelfwise.json: deep.shape does not fit the model's ${classCount} categories`,
    );
  if (
    !mix ||
    !(mix.weight >= 0 && mix.weight <= 1) ||
    !positive(mix.linearTemperature) ||
    !positive(mix.deepTemperature)
  )
    throw appError(
      'InvalidInput',
      'shelfwise.json: deep.mix must have a weight in 0..1 and positive temperatures',
    );
  const columns = unpackColumns(section.columns, bytes, where);
  const unitHashes = requireColumn(columns, 'unitHashes', Uint32Array, where);
  const units = requireColumn(columns, 'units', Float32Array, where);
  requireFinite(units, `${where} units`);
  if (units.length !== unitHashes.length * shape.dim)
    throw appError(
      'InvalidInput',
      `${where}: the embedding has ${units.length} values for ${unitHashes.length} rows of ${shape.dim}`,
    );
  const dense = (section.dense ?? []).map(({ name, shape: dims }) => {
    const data = requireColumn(columns, `${DENSE_PREFIX}${name}`, Float32Array, where);
    requireFinite(data, `${where} ${name}`);
    if (data.length !== dims.reduce((a, b) => a * b, 1))
      throw appError(
        'InvalidInput',
        `${where}: layer ${name} does not have the shape ${dims.join('x')}`,
      );
    return { name, shape: dims, data };
  });
  return {
    subword: section.subword,
    unitHashes,
    shape,
    units,
    dense,
    mix,
    pretrain: section.pretrain,
    trainMs: section.trainMs,
  };
}
