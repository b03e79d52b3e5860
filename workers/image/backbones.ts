import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { ImageBackboneId } from '@shared/db/records/image.ts';
import { disposeTop, foldTop, topForward, type TopCut, type TopWeights } from './top-blocks.ts';

/** A pretrained image network shipped in public/models/, cut at its embedding layer. */
export interface BackboneSpec {
  id: ImageBackboneId;
  /** model.json under the app's `models/` folder. */
  path: string;
  /** Layer whose output is the embedding; null when the model already ends there. */
  embeddingLayer: string | null;
  dimensions: number;
  /** Square input side in pixels: convolutions and global pooling accept any size. */
  inputSize: number;
  /** Where fine-tuning cuts the network; absent when its top cannot be fine-tuned. */
  top?: TopCut;
}

/**
 * MobileNet v2's top as fine-tuning trains it: block 16 (expansion, depthwise, projection) and
 * Conv_1, from the [7, 7, 56] map block 15 ends with (5 x 5 at 160 px).
 */
const V2_TOP: TopCut = { layer: 'block_15_add', blocks: [16], channels: 56 };

export const BACKBONES: Record<ImageBackboneId, BackboneSpec> = {
  // Default: better on the benchmarks, 5 MB of float16 weights.
  'mobilenet_v1_0.75_224': {
    id: 'mobilenet_v1_0.75_224',
    path: 'mobilenet_v1_0.75_224/model.json',
    embeddingLayer: 'global_average_pooling2d_1',
    dimensions: 768,
    inputSize: 224,
  },
  // Faster and smaller (1.6 MB); Teachable Machine's base network.
  'mobilenet_v2_0.35_224': {
    id: 'mobilenet_v2_0.35_224',
    path: 'mobilenet_v2_0.35_224_features/model.json',
    embeddingLayer: null,
    dimensions: 1280,
    inputSize: 224,
    top: V2_TOP,
  },
  // The same networks on 160 px inputs: about half the work, for photos that small anyway.
  'mobilenet_v1_0.75_160': {
    id: 'mobilenet_v1_0.75_160',
    path: 'mobilenet_v1_0.75_224/model.json',
    embeddingLayer: 'global_average_pooling2d_1',
    dimensions: 768,
    inputSize: 160,
  },
  'mobilenet_v2_0.35_160': {
    id: 'mobilenet_v2_0.35_160',
    path: 'mobilenet_v2_0.35_224_features/model.json',
    embeddingLayer: null,
    dimensions: 1280,
    inputSize: 160,
    top: V2_TOP,
  },
};

export const DEFAULT_BACKBONE: ImageBackboneId = 'mobilenet_v1_0.75_224';

export function backboneSpec(id: string): BackboneSpec {
  const spec = BACKBONES[id as ImageBackboneId] as BackboneSpec | undefined;
  if (!spec) throw appError('InvalidInput', `Unknown image backbone "${id}"`);
  return spec;
}

/** Rewrites every [null, 224, 224, 3] input shape of a topology to the wanted size. */
function resizeInputs(node: unknown, size: number): void {
  if (Array.isArray(node)) node.forEach((child) => resizeInputs(child, size));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const shape = record.batch_input_shape;
    if (Array.isArray(shape) && shape.length === 4 && shape[3] === 3)
      record.batch_input_shape = [shape[0], size, size, 3];
    Object.values(record).forEach((child) => resizeInputs(child, size));
  }
}

function withInputSize(handler: tf.io.IOHandler, size: number): tf.io.IOHandler {
  if (size === 224 || !handler.load) return handler;
  const load = handler.load.bind(handler);
  return {
    load: async () => {
      const artifacts = await load();
      resizeInputs(artifacts.modelTopology, size);
      return artifacts;
    },
  };
}

function loadNetwork(spec: BackboneSpec, source: string | tf.io.IOHandler) {
  const handler = typeof source === 'string' ? tf.io.http(new URL(spec.path, source).href) : source;
  return tf.loadLayersModel(withInputSize(handler, spec.inputSize));
}

/** The network cut at its embedding: [n, 224, 224, 3] in [-1, 1] → [n, dimensions]. */
export async function loadBackbone(
  spec: BackboneSpec,
  source: string | tf.io.IOHandler,
): Promise<tf.LayersModel> {
  const full = await loadNetwork(spec, source);
  if (!spec.embeddingLayer) return full;
  return tf.model({ inputs: full.inputs, outputs: full.getLayer(spec.embeddingLayer).output });
}

/** A network split where fine-tuning starts: the part below the cut, and the top's weights. */
export interface CutNetwork {
  cut: TopCut;
  /** [n, H, W, 3] → the activations at the cut, [n, h, w, channels]. */
  base: ImageEmbedder;
  /** The shipped top, batch normalisation folded (top-blocks.ts). */
  top: TopWeights;
  dispose(): void;
}

/**
 * The shipped MobileNet v2 split at its cut. Its Sequential holds the functional network and a
 * pooling layer; the cut is a layer of the functional one.
 * @throws InvalidInput for a backbone whose top cannot be fine-tuned
 */
export async function loadCutNetwork(
  spec: BackboneSpec,
  source: string | tf.io.IOHandler,
): Promise<CutNetwork> {
  const { top: cut } = spec;
  if (!cut) throw appError('InvalidInput', `The image model ${spec.id} cannot be fine-tuned`);
  const full = await loadNetwork(spec, source);
  try {
    const network = full.layers[0] as tf.LayersModel;
    const base = tf.model({ inputs: network.inputs, outputs: network.getLayer(cut.layer).output });
    const top = foldTop(network, cut.blocks);
    return {
      cut,
      base,
      top,
      dispose: () => {
        full.dispose();
        disposeTop(top);
      },
    };
  } catch (error) {
    full.dispose();
    throw error;
  }
}

/**
 * What embedding needs of a network: [n, H, W, 3] in [-1, 1] → [n, dimensions]. The shipped
 * MobileNets are LayersModels as they are; imported networks are wrapped (imported-backbone.ts).
 */
export interface ImageEmbedder {
  predict(input: tf.Tensor4D): tf.Tensor | tf.Tensor[];
  dispose(): void;
}

/** Embeddings of a batch of prepared inputs, as one row-major array. */
export async function embedBatch(model: ImageEmbedder, input: tf.Tensor4D): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(input) as tf.Tensor2D);
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/** The network below the cut with a top on it (the shipped one, or a fine-tuned one). */
export function embedderWithTop(base: ImageEmbedder, top: TopWeights): ImageEmbedder {
  return {
    predict: (input) => tf.tidy(() => topForward(base.predict(input) as tf.Tensor4D, top)),
    // The base belongs to the backbone cache and the top to its model: neither is freed here.
    dispose: () => undefined,
  };
}
