import { appError } from '@shared/errors.ts';
import {
  BYTES_PER_VALUE,
  dequantizeUint8,
  fromFloat16,
  quantizeUint8,
  toFloat16,
  type AffineQuantization,
  type WeightPrecision,
} from './quantize.ts';

/** The tfjs converter's shard size, so a bundle's files look like any TF.js model's. */
export const SHARD_BYTES = 4 * 1024 * 1024;
export const MODEL_JSON = 'model.json';
const LAYER = 'linear';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: AffineQuantization | { dtype: 'float16' };
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** A TF.js Layers model file: `tf.loadLayersModel` reads it with its shards. */
export interface LayersModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: WeightsManifestGroup[];
}

/**
 * The linear model as one Dense layer over the TF-IDF vector (no activation: the bundle's
 * temperature turns logits into calibrated probabilities). Written by hand rather than by
 * `model.toJSON()`, which would allocate the whole table as variables first.
 */
function denseTopology(featureCount: number, classCount: number) {
  const zeros = { class_name: 'Zeros', config: {} };
  return {
    class_name: 'Sequential',
    config: {
      name: 'shelfwise',
      layers: [
        {
          class_name: 'Dense',
          config: {
            name: LAYER,
            units: classCount,
            activation: 'linear',
            use_bias: true,
            kernel_initializer: zeros,
            bias_initializer: zeros,
            kernel_regularizer: null,
            bias_regularizer: null,
            activity_regularizer: null,
            kernel_constraint: null,
            bias_constraint: null,
            trainable: true,
            dtype: 'float32',
            batch_input_shape: [null, featureCount],
          },
        },
      ],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

function encode(
  values: Float32Array,
  precision: WeightPrecision,
): { bytes: Uint8Array; spec: Pick<WeightSpec, 'quantization'> } {
  if (precision === 'float16') {
    const halves = toFloat16(values);
    return { bytes: new Uint8Array(halves.buffer), spec: { quantization: { dtype: 'float16' } } };
  }
  if (precision === 'uint8') {
    const { quantized, quantization } = quantizeUint8(values);
    return { bytes: quantized, spec: { quantization } };
  }
  return { bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength), spec: {} };
}

export interface ModelArtifacts {
  modelJson: LayersModelJson;
  shards: { path: string; bytes: Uint8Array }[];
}

/**
 * The weight table (row-major [featureCount + 1, classCount], bias last) as a TF.js Layers
 * model: kernel and bias tensors, quantised per tensor, cut into 4 MiB shards.
 */
export function linearModelArtifacts(
  table: Float32Array,
  featureCount: number,
  classCount: number,
  precision: WeightPrecision,
  generatedBy: string,
): ModelArtifacts {
  const split = featureCount * classCount;
  const tensors = [
    {
      name: `${LAYER}/kernel`,
      shape: [featureCount, classCount],
      values: table.subarray(0, split),
    },
    { name: `${LAYER}/bias`, shape: [classCount], values: table.subarray(split) },
  ];
  const encoded = tensors.map((tensor) => ({ tensor, ...encode(tensor.values, precision) }));
  const total = encoded.reduce((sum, { bytes }) => sum + bytes.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const { bytes } of encoded) {
    data.set(bytes, offset);
    offset += bytes.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / SHARD_BYTES));
  const shards = Array.from({ length: count }, (_, i) => ({
    path: `group1-shard${i + 1}of${count}.bin`,
    bytes: data.subarray(i * SHARD_BYTES, Math.min(total, (i + 1) * SHARD_BYTES)),
  }));
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy,
      convertedBy: null,
      modelTopology: denseTopology(featureCount, classCount),
      weightsManifest: [
        {
          paths: shards.map((shard) => shard.path),
          weights: encoded.map(({ tensor, spec }) => ({
            name: tensor.name,
            shape: tensor.shape,
            dtype: 'float32',
            ...spec,
          })),
        },
      ],
    },
    shards,
  };
}

function invalid(message: string): Error {
  return appError('InvalidInput', `model.json: ${message}`);
}

function readSpec(value: unknown, index: number): WeightSpec & { precision: WeightPrecision } {
  const spec = value as Partial<WeightSpec> | null;
  const where = `weightsManifest[0].weights[${index}]`;
  if (!spec || typeof spec.name !== 'string') throw invalid(`${where}.name is missing`);
  if (!Array.isArray(spec.shape) || !spec.shape.every((n) => Number.isInteger(n) && n >= 0))
    throw invalid(`${where}.shape must be a list of sizes`);
  if (spec.dtype !== 'float32')
    throw invalid(`${where}.dtype must be float32, not ${String(spec.dtype)}`);
  const q = spec.quantization;
  if (!q) return { ...spec, precision: 'float32' } as WeightSpec & { precision: WeightPrecision };
  if (q.dtype === 'float16')
    return { ...spec, precision: 'float16' } as WeightSpec & { precision: WeightPrecision };
  if (q.dtype === 'uint8' && Number.isFinite(q.scale) && Number.isFinite(q.min))
    return { ...spec, precision: 'uint8' } as WeightSpec & { precision: WeightPrecision };
  throw invalid(`${where}.quantization must be float16, or uint8 with a scale and a min`);
}

function decode(bytes: Uint8Array, spec: WeightSpec, precision: WeightPrecision): Float32Array {
  const copy = bytes.slice();
  if (precision === 'float16') return fromFloat16(new Uint16Array(copy.buffer));
  if (precision === 'uint8') return dequantizeUint8(copy, spec.quantization as AffineQuantization);
  return new Float32Array(copy.buffer);
}

/**
 * Reads the Dense layer back as the weight table, dequantising as TF.js would.
 * @throws InvalidInput naming the field or shard that is missing or the wrong size
 */
export function readLinearModelWeights(
  json: unknown,
  files: ReadonlyMap<string, Uint8Array>,
): { featureCount: number; classCount: number; table: Float32Array; precision: WeightPrecision } {
  const model = json as Partial<LayersModelJson> | null;
  if (model?.format !== 'layers-model') throw invalid('format must be "layers-model"');
  const group = model.weightsManifest?.[0];
  if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights))
    throw invalid('weightsManifest[0] with paths and weights is missing');
  const specs = group.weights.map(readSpec);
  const kernel = specs.find((spec) => spec.name.endsWith('/kernel'));
  const bias = specs.find((spec) => spec.name.endsWith('/bias'));
  if (!kernel || kernel.shape.length !== 2) throw invalid('a 2-D kernel weight is missing');
  if (!bias || bias.shape.length !== 1) throw invalid('a 1-D bias weight is missing');
  const [featureCount, classCount] = kernel.shape as [number, number];
  if (bias.shape[0] !== classCount)
    throw invalid(`the bias has ${bias.shape[0]} values for ${classCount} classes`);

  const parts = group.paths.map((path) => {
    const bytes = files.get(path);
    if (!bytes)
      throw appError(
        'InvalidInput',
        `The bundle is missing ${path}, a weight shard model.json lists`,
      );
    return bytes;
  });
  const data = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  parts.reduce((offset, part) => (data.set(part, offset), offset + part.byteLength), 0);

  const values = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const size = count * BYTES_PER_VALUE[spec.precision];
    if (offset + size > data.byteLength)
      throw appError(
        'InvalidInput',
        `The weight shards end before ${spec.name}: the bundle is truncated`,
      );
    values.set(spec.name, decode(data.subarray(offset, offset + size), spec, spec.precision));
    offset += size;
  }
  if (offset !== data.byteLength)
    throw appError(
      'InvalidInput',
      `The weight shards hold ${data.byteLength - offset} bytes more than model.json lists`,
    );
  const table = new Float32Array((featureCount + 1) * classCount);
  table.set(values.get(kernel.name) as Float32Array);
  table.set(values.get(bias.name) as Float32Array, featureCount * classCount);
  return { featureCount, classCount, table, precision: kernel.precision };
}
