import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { ImageBackboneId } from '@shared/db/records/image.ts';

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
}

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

/** The network cut at its embedding: [n, 224, 224, 3] in [-1, 1] → [n, dimensions]. */
export async function loadBackbone(
  spec: BackboneSpec,
  source: string | tf.io.IOHandler,
): Promise<tf.LayersModel> {
  const handler = typeof source === 'string' ? tf.io.http(new URL(spec.path, source).href) : source;
  const full = await tf.loadLayersModel(withInputSize(handler, spec.inputSize));
  if (!spec.embeddingLayer) return full;
  return tf.model({ inputs: full.inputs, outputs: full.getLayer(spec.embeddingLayer).output });
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
