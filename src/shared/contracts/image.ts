/** The image worker: product photos, their embeddings, photo and fused models. */
import type { BackboneSummary } from '../db/backbone-store.ts';
import type { ImportProblem } from '../db/records/catalogue.ts';
import type {
  BackboneId,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
  InputScaling,
  PhotoView,
} from '../db/records/image.ts';
import type { BackendControl, BackendName, Cancellable, Job } from './jobs.ts';
import type { HeldOutShares } from './train.ts';

/** A dropped or picked photo; `path` is its relative path (folder drop, zip entry) or name. */
export interface IncomingPhoto {
  path: string;
  file: Blob;
}

/** A step of a photo job without a count; the page words each in its own language. */
export type ImageStage =
  | 'loadingBackbone'
  | 'readingEmbeddings'
  | 'evaluating'
  /** Fine-tuning: the linear head on the frozen top, before the first epoch. */
  | 'fittingFrozenHead'
  /** Fine-tuning: carrying on from the checkpoint after `epoch`. */
  | 'resumingFineTune'
  /** Fine-tuning: the held-out photos through the tuned top. */
  | 'scoringTuned';

/** Fine-tuning the backbone's top: where the run is and what the validation products say. */
export interface FineTuneProgress {
  epoch: number;
  epochs: number;
  /** Batches done in this run (not counting epochs restored from a checkpoint). */
  batches: number;
  totalBatches: number;
  loss: number;
  /** Accuracy of the validation products at the last finished epoch; NaN before the first. */
  validationAccuracy: number;
  etaMs: number | null;
}

export type ImageJobProgress =
  | { kind: 'stage'; stage: ImageStage; epoch?: number }
  | { kind: 'attach'; done: number; total: number }
  | {
      kind: 'embed';
      done: number;
      total: number;
      cached: number;
      failed: number;
      etaMs: number | null;
    }
  | { kind: 'train'; epoch: number; epochs: number; loss: number; validationAccuracy: number }
  | ({ kind: 'fine-tune' } & FineTuneProgress);

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
  /** Views embedded for every photo: the centre crop, and its mirror for flips (default centre). */
  views?: PhotoView[];
  /** Also cache the activations entering the backbone's top, for fine-tuning it. */
  activations?: boolean;
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
  /** Views every photo is learnt from and classified by (averaged): default the centre alone. */
  views?: PhotoView[];
  /** Fine-tune the backbone's top from cached activations (embed with `activations` first). */
  fineTune?: boolean;
  /** Where the shipped network loads from, when fine-tuning starts from its top. */
  modelsUrl?: string;
  /** Epochs of fine-tuning (default in workers/image/fine-tune.ts). */
  fineTuneEpochs?: number;
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
  /** Frees the loaded model's own tensors (a fine-tuned top); the networks stay cached. */
  unloadModel(): void;
  /** Views and bytes of the activations cached for fine-tuning a backbone's top. */
  activationCacheSize(backbone: BackboneId): Promise<{ views: number; bytes: number }>;
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
    /** Views per photo (the mirror too, with flips): the time is per photo, all views. */
    views?: PhotoView[];
  }): Promise<{ msPerImage: number; images: number; backend: BackendName }>;
  /** Occlusion map of a product's photo for a category (the top one when omitted). */
  explainPhoto(product: ProductInput, label?: string): Promise<PhotoExplanation>;
  /** Validates a TF.js model from local files as an image feature extractor and stores it. */
  importBackbone(request: ImportBackboneRequest): Promise<BackboneSummary>;
  /** Removes an imported backbone and its cached embeddings. */
  deleteBackbone(id: string): Promise<void>;
}
