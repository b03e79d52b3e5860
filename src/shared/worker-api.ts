/**
 * The contracts of the workers, the only types both threads share for them. Calls carry
 * ids and plain data (structured clone, Blobs by reference); callbacks are comlink proxies.
 */
import type { BackboneSummary } from './db/backbone-store.ts';
import type {
  BackboneId,
  BackendBenchmark,
  DatasetRecord,
  FusionKind,
  ImageBackboneId,
  InputScaling,
  ImageModelRecord,
  ImportProblem,
  ModelRecord,
  PhotoView,
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
  /** Continues an import that stopped part-way, from the same file (checked by name and size). */
  resumeImport(
    jobId: string,
    request: ResumeImportRequest,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<DatasetRecord>;
  cancel(jobId: string): void;
}

export interface ResumeImportRequest {
  datasetId: string;
  file: Blob;
  fileName: string;
}

export type TrainJobProgress =
  TrainProgress | { kind: 'evaluate' } | { kind: 'started'; runId: string };

export interface TrainRequest {
  datasetId: string;
  /** Runs on this backend; a restarted worker does not remember the one chosen earlier. */
  backend: BackendName;
  options: TrainOptions;
  resumeRunId?: string;
  /**
   * Retrain this model with the shop's corrections: same vocabulary, labels and split,
   * starting from its weights, and compare the two on the same held-out rows.
   */
  warmStartModelId?: string;
  /** Shares of each category held out; the app's default is validation 0.1, test 0.15. */
  heldOut?: HeldOutShares;
  /** What splits category paths into levels (` > `, `/`, `|`, `>>`); detected when absent. */
  separator?: string;
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
  /**
   * Judges every row of a model's catalogue with models trained on the other folds and
   * stores the result as that model's catalogue predictions (the review queue's source).
   */
  crossCheckCatalogue(
    jobId: string,
    request: { modelId: string; folds: number; backend: BackendName },
    onProgress: (progress: CatalogueProgress) => void,
  ): Promise<CatalogueSummary>;
  /** Live tensors in this worker, for leak checks. */
  tensorCount(): number;
  /** Test hook: makes a batch of the next run fail as a lost device or exhausted memory would. */
  simulateFailure(failure: SimulatedFailure | null): void;
}

/** A backend failure a test asks for: the first batch of `atEpoch` or later throws it. */
export interface SimulatedFailure {
  kind: 'BackendLost' | 'OutOfMemory';
  atEpoch: number;
}

/** How much one word (or CJK character) of the product text pushed a class's logit. */
export interface TextContribution {
  text: string;
  /** Offsets in the normalised (NFKC, lower-case) text. */
  start: number;
  end: number;
  contribution: number;
}

export interface TextExplanation {
  classId: number;
  label: string;
  /** The class's logit: the bias plus every unit's contribution. */
  logit: number;
  bias: number;
  units: TextContribution[];
  /** The normalised text the offsets refer to. */
  normalizedText: string;
}

/** A labelled product of the model's own catalogue that resembles the one being classified. */
export interface NearestProduct {
  position: number;
  id: string;
  title: string;
  category: string;
  /** Cosine similarity of the TF-IDF vectors, 0..1. */
  similarity: number;
}

export interface ClassifyRequest {
  title: string;
  description?: string;
}

export type CatalogueProgress =
  | { kind: 'classify'; done: number; total: number; etaMs: number }
  | { kind: 'crossCheck'; fold: number; folds: number; fraction: number; etaMs: number | null };

export interface CatalogueSummary {
  modelId: string;
  rows: number;
  /** Rows whose top prediction differs from the shop's label. */
  disagreements: number;
  seconds: number;
}

export interface ClassifyApi {
  useBackend(backend: BackendName): Promise<BackendName>;
  /** Loads a model from IndexedDB; later calls classify with it. */
  loadModel(modelId: string): Promise<{ modelId: string; labels: number; backend: BackendName }>;
  classify(
    products: ClassifyRequest[],
    k: number,
  ): Promise<{ label: string; probability: number }[][]>;
  /** The most probable path per product, backed off to a confident ancestor below `threshold`. */
  classifyPaths(products: ClassifyRequest[], threshold: number): Promise<PathClassification[]>;
  /** Exact word contributions to one category's score (the top one when `label` is omitted). */
  explain(product: ClassifyRequest, label?: string): Promise<TextExplanation>;
  /** The most similar labelled products of the loaded model's own catalogue. */
  nearest(product: ClassifyRequest, k: number): Promise<NearestProduct[]>;
  /** Classifies every row of the model's catalogue and stores the top-3 for review. */
  classifyCatalogue(
    jobId: string,
    modelId: string,
    onProgress: (progress: CatalogueProgress) => void,
  ): Promise<CatalogueSummary>;
  /** A model as a .zip bundle at this precision, with the precision's measured effect. */
  exportModelBundle(modelId: string, precision: WeightPrecision): Promise<BundleExport>;
  /** Validates a bundle and stores its model (under a new id if its own is taken). */
  importModelBundle(file: Blob): Promise<BundleImport>;
  /** Every dataset and text model as one .zip, written entry by entry. */
  exportProject(
    jobId: string,
    onProgress: (progress: ProjectProgress) => void,
  ): Promise<ProjectExport>;
  /** Streams a project .zip into this browser, skipping what is already here. */
  importProject(
    jobId: string,
    file: Blob,
    onProgress: (progress: ProjectProgress) => void,
  ): Promise<ProjectImport>;
  cancel(jobId: string): void;
  tensorCount(): number;
}

export interface PathClassification {
  /** The predicted path, levels top first; empty when no category reaches the threshold. */
  path: string[];
  probability: number;
  /** True when `path` is an ancestor kept because the whole path was not sure enough. */
  backedOff: boolean;
  leafPath: string[];
  leafProbability: number;
}

export interface ShopCategorySample {
  category: string;
  /** Titles of (some of) the products in it. */
  titles: string[];
}

export interface MappingSuggestion {
  category: string;
  /** Best first; scores are cosine similarities, 0–1. */
  candidates: { nodeId: string; score: number }[];
}

export interface SuggestMappingsRequest {
  datasetId: string;
  /** Absolute URL of the taxonomy file on the app's own origin. */
  taxonomyUrl: string;
}

export interface StandardClassifyRequest {
  taxonomyUrl: string;
  products: ClassifyRequest[];
  /** The shop model's ranked categories per product; null when there is no model. */
  modelPredictions: { label: string; probability: number }[][] | null;
  /** Shop category → standard node id, from the owner's mapping table. */
  mapping: { shopCategory: string; nodeId: string | null }[];
  /** Share of the name prior in the mix, 0–1. */
  priorWeight: number;
  k: number;
}

export interface StandardPrediction {
  nodeId: string;
  probability: number;
  /** What put it there: the model through the mapping, the names alone, or both. */
  source: 'model' | 'names' | 'both';
}

export interface TaxonomyApi {
  /** Suggests a standard node for each category of a stored dataset. */
  suggestMappings(request: SuggestMappingsRequest): Promise<MappingSuggestion[]>;
  /**
   * Ranks standard nodes for products: the model's categories through the mapping, mixed
   * with a prior from the similarity of the product to every node's name (cold start).
   */
  classifyIntoTaxonomy(request: StandardClassifyRequest): Promise<StandardPrediction[][]>;
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
  | { kind: 'train'; epoch: number; epochs: number; loss: number; validationAccuracy: number }
  | {
      kind: 'fine-tune';
      epoch: number;
      epochs: number;
      batches: number;
      totalBatches: number;
      loss: number;
      /** Of the last finished epoch; NaN before the first one ends. */
      validationAccuracy: number;
      etaMs: number;
    };

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
  /** Frees the loaded model's own tensors (a fine-tuned top); the networks stay cached. */
  unloadModel(): void;
  /** A photo model (its head, fine-tuned top and any text model it fuses with) as a .zip. */
  exportPhotoModel(modelId: string): Promise<Uint8Array>;
  importPhotoModel(file: Blob): Promise<PhotoBundleImport>;
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
  cancel(jobId: string): void;
  tensorCount(): number;
}

/** model.json and its weight shards, as picked (Blobs travel by reference). */
export interface ImportBackboneRequest {
  /** Empty: named after the folder or file. */
  name: string;
  kind: 'image' | 'text';
  inputScaling: InputScaling;
  files: { path: string; file: Blob }[];
}

// ---------------------------------------------------------------------------------------------
// Model lifecycle: bundles and whole-project archives (classify worker).

export type WeightPrecision = 'float32' | 'float16' | 'uint8';

export interface HeldOutFigures {
  accuracy: number;
  macroF1: number;
}

/** How the exported weights do against the stored ones on the model's held-out test rows. */
export interface QuantizationEffect {
  rows: number;
  before: HeldOutFigures;
  after: HeldOutFigures;
  /** Test rows whose top category changed. */
  changedPredictions: number;
  /** Largest change of any calibrated probability. */
  maxProbabilityChange: number;
}

export interface BundleExport {
  /** The .zip, ready to save (transferred). */
  bytes: Uint8Array;
  precision: WeightPrecision;
  /** Bytes of the weight table at float32, for comparison. */
  float32Bytes: number;
  /** Bytes of the weight shards at this precision. */
  weightBytes: number;
  /** Null when the model's dataset (or its split) is not in this browser. */
  effect: QuantizationEffect | null;
}

export interface PhotoBundleImport {
  model: ImageModelRecord;
  /** False when the model's dataset is not in this browser: it classifies photos alone. */
  datasetPresent: boolean;
  previousId?: string;
}

export interface BundleImport {
  model: ModelRecord;
  /** False when the model's dataset is not in this browser: it classifies standalone. */
  datasetPresent: boolean;
  /** Set when a model with the bundle's id already existed, so this one got a new id. */
  previousId?: string;
}

export type ProjectProgress = {
  kind: 'project';
  stage: string;
  done: number;
  total: number;
  etaMs: number | null;
};

export interface ProjectExport {
  /** The .zip (a Blob: the browser may keep a large one on disk rather than in memory). */
  file: Blob;
  datasets: number;
  models: number;
  bytes: number;
}

export interface ProjectImport {
  datasets: number;
  models: number;
  /** Names of what was already in this browser (same id) and was left as it is. */
  skipped: string[];
}
