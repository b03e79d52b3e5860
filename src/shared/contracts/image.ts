/** The image worker: product photos, their embeddings, photo and fused models. */
import type { BackboneSummary } from '../db/backbone-store.ts';
import type { ImportProblem } from '../db/records/catalogue.ts';
import type {
  BackboneId,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
  InputScaling,
} from '../db/records/image.ts';
import type { BackendControl, BackendName, Cancellable, Job } from './jobs.ts';
import type { HeldOutShares } from './train.ts';

/** A dropped or picked photo; `path` is its relative path (folder drop, zip entry) or name. */
export interface IncomingPhoto {
  path: string;
  file: Blob;
}

/** A step of a photo job without a count; the page words each in its own language. */
export type ImageStage = 'loadingBackbone' | 'readingEmbeddings' | 'evaluating';

export type ImageJobProgress =
  | { kind: 'stage'; stage: ImageStage }
  | { kind: 'attach'; done: number; total: number }
  | {
      kind: 'embed';
      done: number;
      total: number;
      cached: number;
      failed: number;
      etaMs: number | null;
    }
  | { kind: 'train'; epoch: number; epochs: number; loss: number; validationAccuracy: number };

export interface AttachPhotosRequest {
  datasetId: string;
  /** Files from a folder or a drop; a `.zip` among them is opened and its photos used. */
  photos: IncomingPhoto[];
}

export interface AttachPhotosResult {
  attached: number;
  rowsWithImage: number;
  problems: ImportProblem[];
}

export interface EmbedRequest {
  datasetId: string;
  backbone: BackboneId;
  /** The app's `models/` URL: backbones load from the app's own origin only. */
  modelsUrl: string;
  /** Extra augmented views per photo of the small classes (0 = off). */
  augmentViews: number;
}

export interface EmbedResult {
  photos: number;
  embedded: number;
  cached: number;
  problems: ImportProblem[];
  /** Decode + preprocess + backbone time per newly embedded photo; null when all were cached. */
  msPerImage: number | null;
}

export interface TrainHeadRequest {
  datasetId: string;
  backbone: BackboneId;
  kind: FusionKind;
  /** The text model to fuse with (late) or whose texts feed the concat head. */
  textModelId: string | null;
  /** Hidden units of the head; 0 is a linear (softmax regression) head. */
  hidden: number;
  augmentViews: number;
  seed: number;
  heldOut?: HeldOutShares;
}

export interface PhotoInput {
  bytes: ArrayBuffer;
  type: string;
  name: string;
}

export interface ProductInput {
  photo?: PhotoInput;
  title?: string;
  description?: string;
}

/** How much covering each cell of a photo lowers a category's probability (row-major). */
export interface PhotoExplanation {
  label: string;
  grid: number;
  probability: number;
  drops: number[];
}

/** model.json and its weight shards, as picked (Blobs travel by reference). */
export interface ImportBackboneRequest {
  /** Empty: named after the folder or file. */
  name: string;
  kind: 'image' | 'text';
  inputScaling: InputScaling;
  files: { path: string; file: Blob }[];
}

export interface ImageApi extends BackendControl, Cancellable {
  attachPhotos: Job<AttachPhotosRequest, ImageJobProgress, AttachPhotosResult>;
  embedPhotos: Job<EmbedRequest, ImageJobProgress, EmbedResult>;
  trainHead: Job<TrainHeadRequest, ImageJobProgress, ImageModelRecord>;
  loadModel(modelId: string, modelsUrl: string): Promise<{ modelId: string; labels: number }>;
  /** Top-k categories for products given by photo, text or both. */
  classify(
    products: ProductInput[],
    k: number,
  ): Promise<{ label: string; probability: number }[][]>;
  /** The loaded model's top-1 label for every row of a dataset (rows without input get ''). */
  predictDataset(datasetId: string): Promise<{ truth: string[]; predicted: string[] }>;
  /** Milliseconds per photo to decode, preprocess and embed `count` photos, cache bypassed. */
  measureEmbedding(request: {
    datasetId: string;
    backbone: ImageBackboneId;
    modelsUrl: string;
    count: number;
    batchSize: number;
  }): Promise<{ msPerImage: number; images: number; backend: BackendName }>;
  /** Occlusion map of a product's photo for a category (the top one when omitted). */
  explainPhoto(product: ProductInput, label?: string): Promise<PhotoExplanation>;
  /** Validates a TF.js model from local files as an image feature extractor and stores it. */
  importBackbone(request: ImportBackboneRequest): Promise<BackboneSummary>;
  /** Removes an imported backbone and its cached embeddings. */
  deleteBackbone(id: string): Promise<void>;
}
