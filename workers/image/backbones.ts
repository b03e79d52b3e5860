import * as tf from '@tensorflow/tfjs';
import { appError } from '../../src/shared/errors.ts';
import type { ImageBackboneId } from '../../src/shared/db/schema.ts';

/** A pretrained image network shipped in public/models/, cut at its embedding layer. */
export interface BackboneSpec {
  id: ImageBackboneId;
  /** model.json under the app's `models/` folder. */
  path: string;
  /** Layer whose output is the embedding; null when the model already ends there. */
  embeddingLayer: string | null;
  dimensions: number;
}

export const BACKBONES: Record<ImageBackboneId, BackboneSpec> = {
  // Default: better on the benchmarks, 5 MB of float16 weights.
  'mobilenet_v1_0.75_224': {
    id: 'mobilenet_v1_0.75_224',
    path: 'mobilenet_v1_0.75_224/model.json',
    embeddingLayer: 'global_average_pooling2d_1',
    dimensions: 768,
  },
  // Faster and smaller (1.6 MB); Teachable Machine's base network.
  'mobilenet_v2_0.35_224': {
    id: 'mobilenet_v2_0.35_224',
    path: 'mobilenet_v2_0.35_224_features/model.json',
    embeddingLayer: null,
    dimensions: 1280,
  },
};

export const DEFAULT_BACKBONE: ImageBackboneId = 'mobilenet_v1_0.75_224';

export function backboneSpec(id: string): BackboneSpec {
  const spec = BACKBONES[id as ImageBackboneId] as BackboneSpec | undefined;
  if (!spec) throw appError('InvalidInput', `Unknown image backbone "${id}"`);
  return spec;
}

/** The network cut at its embedding: [n, 224, 224, 3] in [-1, 1] → [n, dimensions]. */
export async function loadBackbone(
  spec: BackboneSpec,
  source: string | tf.io.IOHandler,
): Promise<tf.LayersModel> {
  const full = await tf.loadLayersModel(
    typeof source === 'string' ? new URL(spec.path, source).href : source,
  );
  if (!spec.embeddingLayer) return full;
  return tf.model({ inputs: full.inputs, outputs: full.getLayer(spec.embeddingLayer).output });
}

/** Embeddings of a batch of prepared inputs, as one row-major array. */
export async function embedBatch(model: tf.LayersModel, input: tf.Tensor4D): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(input) as tf.Tensor2D);
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}
