/**
 * The contracts of the workers, the only types both threads share for them. Calls carry
 * ids and plain data (structured clone, Blobs by reference); callbacks are comlink proxies.
 */
import type {
  BackendBenchmark,
  DatasetRecord,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
  ImportProblem,
  ModelRecord,
} from './db/schema.ts';
import type { BackendName, TrainOptions, TrainProgress } from './model-types.ts';

export type ColumnRole = 'id' | 'title' | 'description' | 'category' | 'image';
export type ColumnMapping = Partial<Record<ColumnRole, string>>;

export interface ImportPreview {
  headers: string[];
  delimiter: string;
  mapping: ColumnMapping;
  sample: string[][];
  encoding: 'utf-8' | 'windows-1252';
  /** Notes about the whole file, such as a byte order mark or a non-UTF-8 encoding. */
  problems: ImportProblem[];
}

export type ImportProgress = {
  kind: 'parse';
  bytes: number;
  totalBytes: number;
  rows: number;
  problems: number;
};

export interface ImportRequest {
  file: Blob;
  fileName: string;
  name: string;
  mapping: ColumnMapping;
}

export interface ImportApi {
  preview(file: Blob): Promise<ImportPreview>;
  importCatalogue(
    jobId: string,
    request: ImportRequest,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<DatasetRecord>;
  cancel(jobId: string): void;
}

export type TrainJobProgress =
  TrainProgress | { kind: 'evaluate' } | { kind: 'started'; runId: string };

export interface TrainRequest {
  datasetId: string;
  /** Runs on this backend; a restarted worker does not remember the one chosen earlier. */
  backend: BackendName;
  options: TrainOptions;
  resumeRunId?: string;
  /** Shares of each category held out; the app's default is validation 0.1, test 0.15. */
  heldOut?: HeldOutShares;
}

export interface HeldOutShares {
  validation: number;
  /** 0 trains on everything but the validation rows (a benchmark brings its own test file). */
  test: number;
}

export interface TrainApi {
  /** Times a training step on each backend and switches to `backend`, or the fastest when null. */
  measureBackends(onResult: (result: BackendBenchmark) => void): Promise<BackendBenchmark[]>;
  useBackend(backend: BackendName): Promise<BackendName>;
  currentBackend(): BackendName;
  train(
    jobId: string,
    request: TrainRequest,
    onProgress: (progress: TrainJobProgress) => void,
  ): Promise<ModelRecord>;
  cancel(jobId: string): void;
  /** Live tensors in this worker, for leak checks. */
  tensorCount(): number;
}

export interface ClassifyRequest {
  title: string;
  description?: string;
}

export interface ClassifyApi {
  useBackend(backend: BackendName): Promise<BackendName>;
  /** Loads a model from IndexedDB; later calls classify with it. */
  loadModel(modelId: string): Promise<{ modelId: string; labels: number; backend: BackendName }>;
  classify(
    products: ClassifyRequest[],
    k: number,
  ): Promise<{ label: string; probability: number }[][]>;
  tensorCount(): number;
}

// ---------------------------------------------------------------------------------------------
// Product photos (issue 4): the image worker.

/** A dropped or picked photo; `path` is its relative path (folder drop, zip entry) or name. */
export interface IncomingPhoto {
  path: string;
  file: Blob;
}

export type ImageJobProgress =
  | { kind: 'stage'; stage: string }
  | { kind: 'attach'; done: number; total: number }
  | {
      kind: 'embed';
      done: number;
      total: number;
      cached: number;
      failed: number;
      etaMs: number;
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
  backbone: ImageBackboneId;
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
  backbone: ImageBackboneId;
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

export interface ImageApi {
  useBackend(backend: BackendName): Promise<BackendName>;
  attachPhotos(
    jobId: string,
    request: AttachPhotosRequest,
    onProgress: (progress: ImageJobProgress) => void,
  ): Promise<AttachPhotosResult>;
  embedPhotos(
    jobId: string,
    request: EmbedRequest,
    onProgress: (progress: ImageJobProgress) => void,
  ): Promise<EmbedResult>;
  trainHead(
    jobId: string,
    request: TrainHeadRequest,
    onProgress: (progress: ImageJobProgress) => void,
  ): Promise<ImageModelRecord>;
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
  cancel(jobId: string): void;
  tensorCount(): number;
}
