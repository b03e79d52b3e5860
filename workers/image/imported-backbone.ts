import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type {
  ImportedBackboneRecord,
  InputScaling,
  StoredModelArtifacts,
} from '@shared/db/records/image.ts';
import type { ImageEmbedder } from './backbones.ts';

/** Photos are fed at this size to networks that accept any (fully convolutional ones). */
export const DEFAULT_SIDE = 224;
/** Below this a photo says little; above it one embedding costs more than it is worth here. */
export const MIN_SIDE = 96;
export const MAX_SIDE = 512;
const MAX_DIMENSIONS = 16384;
const PROBE_SEED = 7;

type Network = tf.LayersModel | tf.GraphModel;

/** What validation found out about an imported image network. */
export interface ImageBackboneShape {
  /** [height, width, 3] */
  inputShape: [number, number, 3];
  outputDim: number;
  /** The network ends in a [n, h, w, D] map that is averaged into the embedding. */
  pooled: boolean;
}

/** Builds the network from stored artifacts, from memory: never from the network. */
export async function loadNetwork(artifacts: StoredModelArtifacts): Promise<Network> {
  const handler = tf.io.fromMemory({
    format: artifacts.format,
    modelTopology: artifacts.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: artifacts.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: artifacts.weightData,
    ...(artifacts.signature ? { signature: artifacts.signature as object } : {}),
  });
  try {
    return artifacts.format === 'graph-model'
      ? await tf.loadGraphModel(handler)
      : await tf.loadLayersModel(handler);
  } catch (error) {
    throw appError(
      'InvalidModel',
      `model.json does not load as a TF.js ${artifacts.format === 'graph-model' ? 'graph' : 'layers'} model: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const describe = (shape: readonly (number | null)[]): string =>
  `[${shape.map((dim) => (dim === null || dim < 0 ? 'null' : dim)).join(', ')}]`;

function inputShapeOf(network: Network): (number | null)[] {
  const inputs = network.inputs;
  if (inputs.length !== 1)
    throw appError(
      'InvalidModel',
      `model.json: the network takes ${inputs.length} inputs; a feature extractor takes one batch of images`,
    );
  const shape = (inputs[0] as { shape?: (number | null)[] }).shape;
  if (!shape)
    throw appError('InvalidModel', 'model.json: the network does not declare its input shape');
  return shape.map((dim) => (dim === null || dim < 0 ? null : dim));
}

/**
 * The [height, width] photos are fed at, from the declared input shape.
 * @throws NotSupported for a text-shaped input; InvalidModel for any other wrong shape.
 */
export function imageInputSize(shape: readonly (number | null)[]): [number, number] {
  if (shape.length === 2)
    throw appError(
      'NotSupported',
      `model.json: the network takes ${describe(shape)} (token ids, a text model). Text backbones are not supported yet: TF.js model files do not carry the tokenizer that makes those ids. Import an image network taking [null, height, width, 3]`,
    );
  if (shape.length !== 4)
    throw appError(
      'InvalidModel',
      `model.json: the input shape ${describe(shape)} has rank ${shape.length}; an image backbone takes [null, height, width, 3]`,
    );
  const [, height, width, channels] = shape;
  if (channels !== 3)
    throw appError(
      'InvalidModel',
      `model.json: the input shape ${describe(shape)} has ${channels ?? 'any number of'} channels; an image backbone takes 3 (RGB)`,
    );
  const size: [number, number] = [height ?? DEFAULT_SIDE, width ?? DEFAULT_SIDE];
  if (size.some((side) => side < MIN_SIDE || side > MAX_SIDE))
    throw appError(
      'InvalidModel',
      `model.json: the input shape ${describe(shape)} wants ${size[0]}×${size[1]} pixels; Shelfwise feeds photos of ${MIN_SIDE} to ${MAX_SIDE} pixels a side`,
    );
  return size;
}

/** Photos arrive in [-1, 1]; this maps them to the range the network was trained on. */
function scaled(input: tf.Tensor4D, scaling: InputScaling): tf.Tensor4D {
  if (scaling === 'zeroToOne') return input.add(1).div(2);
  if (scaling === 'zeroTo255') return input.add(1).mul(127.5);
  return input;
}

function singleOutput(output: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor {
  if (output instanceof tf.Tensor) return output;
  const all = Array.isArray(output) ? output : Object.values(output);
  tf.dispose(all.slice(1));
  if (all.length !== 1)
    throw appError(
      'InvalidModel',
      `model.json: the network gives ${all.length} outputs; a feature extractor gives one`,
    );
  return all[0] as tf.Tensor;
}

/** Wraps a network so it embeds [-1, 1] photos into [n, D], pooling a final feature map. */
export function toEmbedder(
  network: Network,
  scaling: InputScaling,
  pooled: boolean,
): ImageEmbedder {
  return {
    predict: (input) =>
      tf.tidy(() => {
        const output = singleOutput(network.predict(scaled(input, scaling)));
        return pooled ? output.mean([1, 2]) : output;
      }),
    dispose: () => network.dispose(),
  };
}

/**
 * Checks that a network can serve as an image feature extractor: one input of
 * [null, H, W, 3] with H and W in 96..512, one output of [null, D] or a [null, h, w, D] map,
 * and finite features for a probe batch. Leaves no tensor behind.
 * @throws InvalidModel naming what does not fit; NotSupported for a text model.
 */
export async function inspectImageNetwork(
  network: Network,
  scaling: InputScaling,
): Promise<ImageBackboneShape> {
  const [height, width] = imageInputSize(inputShapeOf(network));
  if (network.outputs.length !== 1)
    throw appError(
      'InvalidModel',
      `model.json: the network gives ${network.outputs.length} outputs; a feature extractor gives one`,
    );
  const probe = tf.randomUniform([2, height, width, 3], -1, 1, 'float32', PROBE_SEED);
  let output: tf.Tensor;
  try {
    output = tf.tidy(() => singleOutput(network.predict(scaled(probe as tf.Tensor4D, scaling))));
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidModel') throw error;
    throw appError(
      'InvalidModel',
      `model.json: the network fails on a ${height}×${width} test image: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    probe.dispose();
  }
  try {
    const shape = output.shape;
    if (shape.length !== 2 && shape.length !== 4)
      throw appError(
        'InvalidModel',
        `model.json: the network's output has shape ${describe([null, ...shape.slice(1)])} (rank ${shape.length}); a feature extractor gives [null, D] or a [null, h, w, D] feature map`,
      );
    const outputDim = shape[shape.length - 1] as number;
    if (outputDim < 2 || outputDim > MAX_DIMENSIONS)
      throw appError(
        'InvalidModel',
        `model.json: the network gives ${outputDim} features per image; a backbone gives 2 to ${MAX_DIMENSIONS}`,
      );
    const values = await output.data();
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0)
      throw appError(
        'InvalidModel',
        `The network gives ${values[bad]} for a test image (feature ${bad % outputDim}): its weights are corrupt or do not belong to this model.json`,
      );
    return { inputShape: [height, width, 3], outputDim, pooled: shape.length === 4 };
  } finally {
    output.dispose();
  }
}

/** The image embedder of a stored imported backbone. */
export async function loadImportedEmbedder(record: ImportedBackboneRecord): Promise<ImageEmbedder> {
  if (record.kind !== 'image')
    throw appError(
      'NotSupported',
      `${record.name} is a text model; only image backbones embed photos`,
    );
  return toEmbedder(await loadNetwork(record.artifacts), record.inputScaling, record.pooled);
}
