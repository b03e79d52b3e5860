/** Product photos: their bytes, the embedding cache, photo models and imported backbones. */
import type { BackendName } from '../../contracts/jobs.ts';
import type { ImportProblem } from './catalogue.ts';
import type { HeldOutEvaluation, SavedTensor } from './model.ts';

/** A photo attached to a dataset row; `path` is the row's `image` value it was matched to. */
export interface PhotoRecord {
  datasetId: string;
  path: string;
  /** The file's bytes (not a Blob: ArrayBuffers clone the same in every IndexedDB). */
  bytes: ArrayBuffer;
  type: string;
  /** SHA-256 of the bytes, hex: the embedding cache key, so a photo is embedded once. */
  hash: string;
}

/** One cached image embedding: one backbone, one photo, one view (0 = the plain centre crop). */
export interface EmbeddingRecord {
  key: string;
  data: Float32Array;
}

/** View 0 is the centre crop, 1… augmented views, then named views ('mirror', 'whole', …). */
export const embeddingKey = (backbone: string, hash: string, view: number | string): string =>
  `${backbone}/${hash}/${view}`;

/**
 * Views of a photo a model learns from and averages when classifying: the centre square, the
 * whole photo squeezed to a square, and each mirrored left to right. A square photo's whole
 * view is its centre view, so it is not embedded twice (photo-views.ts).
 */
export type PhotoView = 'centre' | 'mirror' | 'whole' | 'whole-mirror';

/**
 * One photo's activations at a backbone's cut (e.g. the [7, 7, 56] map entering MobileNet v2's
 * block 16) for one view, as IEEE half-precision bits: half the bytes of float32.
 */
export interface ActivationRecord {
  key: string;
  data: Uint16Array;
}

export const activationKey = (backbone: string, cut: string, hash: string, view: PhotoView) =>
  `${backbone}@${cut}/${hash}/${view}`;

/** A shipped network and the input size it runs at (the same weights work at 160 px). */
export type ImageBackboneId =
  | 'mobilenet_v1_0.75_224'
  | 'mobilenet_v2_0.35_224'
  | 'mobilenet_v1_0.75_160'
  | 'mobilenet_v2_0.35_160';

/** Imported backbones get ids of their own, so their embeddings never mix with others'. */
export type ImportedBackboneId = `imported-${string}`;
export type BackboneId = ImageBackboneId | ImportedBackboneId;

export const isImportedBackbone = (id: string): id is ImportedBackboneId =>
  id.startsWith('imported-');

export type FusionKind = 'image' | 'late' | 'concat';

/** A head trained on cached embeddings, optionally fused with a text model of the same dataset. */
export interface ImageModelRecord {
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  kind: FusionKind;
  backbone: BackboneId;
  labels: string[];
  /** Dense head: weights (and hidden layer when `hidden` > 0) over the embedding (+ text). */
  weights: SavedTensor[];
  hidden: number;
  /** Text model fused in (late fusion) or whose vocabulary feeds the concat head. */
  textModelId: string | null;
  /** Late fusion: weight of the image log-probabilities; the text model gets 1 - this. */
  imageWeight: number;
  /** Width of the hashed text block of a concat head (0 otherwise). */
  textDims: number;
  augmentViews: number;
  epochs: number;
  bestEpoch: number;
  backend: BackendName;
  trainMs: number;
  evaluation: HeldOutEvaluation;
  /** Rows left out because their photo is missing or could not be read, with the reason. */
  skipped: ImportProblem[];
  /** Views averaged when classifying; absent on models from before flips (centre only). */
  views?: PhotoView[];
  /** The fine-tuned top used instead of the shipped one; absent or null when frozen. */
  top?: FineTunedTop | null;
}

/** The top of a backbone trained on one dataset's photos, stored with its photo model. */
export interface FineTunedTop {
  /** The layer whose output the top starts from (its activations are what is cached). */
  layer: string;
  /** MobileNet v2 blocks in the top, before its last 1x1 convolution. */
  blocks: number[];
  /** Convolutions with batch normalisation folded in (top-blocks.ts names them). */
  weights: SavedTensor[];
  epochs: number;
  /** Validation accuracy of the linear head on the frozen top, then after each epoch. */
  frozenValidationAccuracy: number;
  history: { loss: number; validationAccuracy: number }[];
}

/**
 * Where an unfinished fine-tuning run stands after its last epoch, so that a cancelled or
 * interrupted run carries on from there. Keyed by what the run trains (photoRunKey): the
 * same request on the same dataset resumes; a finished run deletes it.
 */
export interface PhotoCheckpointRecord {
  key: string;
  datasetId: string;
  updatedAt: number;
  epoch: number;
  epochs: number;
  top: SavedTensor[];
  head: { kernel: Float32Array; bias: Float32Array };
  standardiser: { mean: Float32Array; std: Float32Array };
  history: { loss: number; validationAccuracy: number }[];
  frozenValidationAccuracy: number;
}

/**
 * How the network wants its pixels: the photo pipeline produces [-1, 1] (Keras MobileNets);
 * other networks were trained on [0, 1] or raw [0, 255] values.
 */
export type InputScaling = 'minusOneToOne' | 'zeroToOne' | 'zeroTo255';

/** One entry of model.json's weightsManifest, as TF.js reads it. */
export interface StoredWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

/** The parts of a model.json (and its shards) that TF.js needs to build the network again. */
export interface StoredModelArtifacts {
  format: 'layers-model' | 'graph-model';
  modelTopology: unknown;
  weightSpecs: StoredWeightSpec[];
  /** The shards joined in the manifest's order. */
  weightData: ArrayBuffer;
  /** A graph model's signature (input and output names), when model.json has one. */
  signature?: unknown;
}

/** An imported network used as a feature extractor: validated once, then loaded from here. */
export interface ImportedBackboneRecord {
  id: ImportedBackboneId;
  name: string;
  /** Only image networks are imported today; text needs a tokenizer that model files lack. */
  kind: 'image' | 'text';
  artifacts: StoredModelArtifacts;
  /** [height, width, 3] for an image network. */
  inputShape: number[];
  outputDim: number;
  /** True when the network ends in a feature map that is averaged into the embedding. */
  pooled: boolean;
  inputScaling: InputScaling;
  createdAt: number;
  /** Bytes of weights. */
  size: number;
  /** The model.json file it came from, for the list. */
  fileName: string;
}
