import type { DBSchema } from 'idb';
import type { ClassificationMetrics } from '../metrics.ts';
import type { HierarchicalMetrics } from '../taxonomy/hierarchical-metrics.ts';
import type {
  BackendName,
  EpochSummary,
  FeatureSpace,
  SavedTensor,
  TrainCheckpoint,
  TrainOptions,
} from '../model-types.ts';

/** One product as imported; `line` is where it starts in the source file. */
export interface StoredRow {
  line: number;
  id: string;
  title: string;
  description: string;
  category: string;
  image: string;
}

export interface ImportProblem {
  /** 1-based physical line where the record starts; 0 for notes about the whole file. */
  line: number;
  field: string;
  code: string;
  /** A sentence for people that names the line and the field. */
  message: string;
  skipped: boolean;
}

export interface DatasetRecord {
  id: string;
  name: string;
  fileName: string;
  createdAt: number;
  /** 'importing' until the last chunk is stored, so a tab closed mid-import is visible as such. */
  status: 'importing' | 'ready';
  rowCount: number;
  chunkCount: number;
  classCounts: Record<string, number>;
  problems: ImportProblem[];
  skippedRows: number;
}

/**
 * Rows are stored in chunks: one record per thousand rows keeps a large import fast. Every
 * chunk but the last holds the same number of rows, so a row's chunk follows from its position.
 */
export interface RowChunkRecord {
  datasetId: string;
  chunk: number;
  rows: StoredRow[];
}

export interface HeldOutEvaluation {
  metrics: ClassificationMetrics;
  /** Row positions (in dataset order) of the held-out test rows. */
  testRows: number;
  trainRows: number;
  validationRows: number;
  /** Per-level figures; absent for flat labels and for models trained before hierarchies. */
  hierarchy?: HierarchyEvaluation | null;
}

export interface ModelRecord {
  id: string;
  /** The name people gave it in the model registry; absent until renamed. */
  name?: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  labels: string[];
  /** Rows of the weight table; the table itself is in the `weights` store (modelWeightsKey). */
  featureCount: number;
  options: TrainOptions;
  history: EpochSummary[];
  bestEpoch: number;
  backend: BackendName;
  trainMs: number;
  evaluation: HeldOutEvaluation;
  /** True when training was cancelled and the best weights so far were kept. */
  partial: boolean;
  /** Softmax temperature fitted on the validation rows, so confidences mean something. */
  temperature: number;
  /** Categories left out for having fewer rows than the options' minimum. */
  excludedLabels?: string[];
  /** Set when this model was warm-started from another after review corrections. */
  comparison?: RetrainComparison;
}

/** The latest epoch of a run that has not finished; removed when the model is saved. */
export interface RunCheckpointRecord {
  runId: string;
  datasetId: string;
  datasetName: string;
  options: TrainOptions;
  backend: BackendName;
  updatedAt: number;
  /** Set when the run retrains this model after corrections. */
  warmStartModelId?: string;
  /** Where the run stands; its weights are in the `weights` store (runWeightsKey). */
  checkpoint: Pick<TrainCheckpoint, 'epoch' | 'bestEpoch' | 'history'>;
}

/**
 * Tensors are kept apart from the records that describe them, so that listing models and
 * unfinished runs (which the page does after every epoch) never loads tens of megabytes.
 */
export interface WeightsRecord {
  key: string;
  space: FeatureSpace;
  weights: SavedTensor[];
  /** A checkpoint's best epoch so far, when that is not `weights` itself. */
  bestWeights: SavedTensor[] | null;
  /** A model's split (dataset row positions), so a retrain is judged on the same held-out rows. */
  split?: SplitPositions;
}

export interface SplitPositions {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** A model retrained from another one, judged against it on the same held-out rows. */
export interface RetrainComparison {
  baseModelId: string;
  /** The base model's figures on those rows, with the corrected labels as the truth. */
  before: ClassificationMetrics;
  /** Corrections that changed training labels, and those on held-out rows (truth only). */
  correctedTrainingRows: number;
  correctedHeldOutRows: number;
}

export const modelWeightsKey = (modelId: string): string => `model:${modelId}`;
export const runWeightsKey = (runId: string): string => `run:${runId}`;

export interface BackendBenchmark {
  backend: BackendName;
  /** Median milliseconds per training step; null when the backend failed to start. */
  stepMs: number | null;
  error?: string;
}

export interface SettingsValues {
  backendChoice: {
    chosen: BackendName;
    automatic: boolean;
    figures: BackendBenchmark[];
    measuredAt: number;
  };
}

// --- Review and corrections (migration 2) -------------------------------------------------

/** The shop's current label of a row when it differs from the imported one. */
export interface CorrectionRecord {
  datasetId: string;
  /** Row position in dataset order. */
  position: number;
  rowId: string;
  /** The label as imported. */
  originalLabel: string;
  label: string;
  decidedAt: number;
  reviewer: string;
  /** The model whose suggestion was being reviewed. */
  modelId: string;
}

export type ReviewAction = 'accept' | 'relabel' | 'keep' | 'skip' | 'undo';

/** One line of the audit trail: every review decision, undo included, in order. */
export interface ReviewLogRecord {
  seq?: number;
  datasetId: string;
  position: number;
  rowId: string;
  action: ReviewAction;
  /** The row's label before and after this decision. */
  before: string;
  after: string;
  reviewer: string;
  at: number;
  modelId: string;
}

/** A model's predictions for every row of its catalogue, the source of the review queue. */
export interface CataloguePredictionsRecord {
  modelId: string;
  datasetId: string;
  createdAt: number;
  /** Top-3 class ids and calibrated probabilities per row, row-major [rows, 3]. */
  topClasses: Int32Array;
  topProbabilities: Float32Array;
  /** Rows whose label was held out from the model's training (its validation and test rows). */
  heldOutPositions: Int32Array;
  /** Set when every row was judged by a model trained on the other folds (cross-check). */
  crossCheckFolds?: number;
}

export interface ShelfwiseSchema extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { byCreated: number } };
  rowChunks: { key: [string, number]; value: RowChunkRecord; indexes: { byDataset: string } };
  models: { key: string; value: ModelRecord; indexes: { byDataset: string; byCreated: number } };
  checkpoints: { key: string; value: RunCheckpointRecord };
  weights: { key: string; value: WeightsRecord };
  settings: { key: keyof SettingsValues; value: SettingsValues[keyof SettingsValues] };
  corrections: {
    key: [string, number];
    value: CorrectionRecord;
    indexes: { byDataset: string };
  };
  reviewLog: { key: number; value: ReviewLogRecord; indexes: { byDataset: string } };
  cataloguePredictions: { key: string; value: CataloguePredictionsRecord };
  categoryMappings: {
    key: [string, string];
    value: CategoryMappingRecord;
    indexes: { byDataset: string };
  };
  photos: { key: [string, string]; value: PhotoRecord; indexes: { byDataset: string } };
  embeddings: { key: string; value: EmbeddingRecord };
  imageModels: { key: string; value: ImageModelRecord; indexes: { byDataset: string } };
}

export const DB_NAME = 'shelfwise';

// ---------------------------------------------------------------------------------------
// Held-out predictions and the auto-label threshold (evaluation views).
// Declared with interface merging, so that this block adds to ShelfwiseSchema and
// ModelRecord without editing their declarations above.
// ---------------------------------------------------------------------------------------

/**
 * A model's predictions on its held-out test rows, as compact columns (row-major, `k` per
 * row). Kept out of ModelRecord so that listing models never loads them.
 */
export interface HeldOutPredictionsRecord {
  modelId: string;
  datasetId: string;
  /** Classes kept per row, most probable first. */
  k: number;
  /** Dataset row position (import order) of each test row, to show the product. */
  positions: Int32Array;
  /** True class id of each test row. */
  truth: Int32Array;
  /** [rows × k] class ids by falling score; the order is the same at every temperature. */
  topClasses: Int32Array;
  /** [rows × k] softmax probabilities of `topClasses` at temperature 1. */
  rawProbabilities: Float32Array;
  /** [rows × k] the same at the temperature fitted on the validation rows. */
  calibratedProbabilities: Float32Array;
  temperature: number;
  /** Mean negative log-likelihood of the validation rows before and after fitting the temperature. */
  validationNll: { raw: number; calibrated: number };
}

export interface ShelfwiseSchema {
  evaluations: { key: string; value: HeldOutPredictionsRecord };
}

export interface ModelRecord {
  /**
   * Products whose top confidence is at least this get the label automatically; the rest go
   * to review. Absent until someone sets it in the coverage dial.
   */
  autoLabelThreshold?: number;
}

// ---- Taxonomies and hierarchy (issue 6) -------------------------------------------------

export interface HierarchyEvaluation {
  separator: string;
  depth: number;
  /** Leaf confidence under which back-off predicts an ancestor. */
  threshold: number;
  /** Always the most probable whole path. */
  flat: HierarchicalMetrics;
  backOff: HierarchicalMetrics;
}

export type MappingSource = 'suggested' | 'confirmed' | 'edited';

export interface CategoryMappingEntry {
  /** The shop's category path as imported. */
  shopCategory: string;
  /** Standard node id (Shopify category id, Google numeric id, …); null when unmapped. */
  nodeId: string | null;
  /** Similarity of the suggestion, 0–1; null after an edit by hand. */
  score: number | null;
  source: MappingSource;
}

/** The owner's table from a dataset's categories to one standard taxonomy. */
export interface CategoryMappingRecord {
  datasetId: string;
  taxonomyId: string;
  taxonomyVersion: string;
  updatedAt: number;
  entries: CategoryMappingEntry[];
}

// ---------------------------------------------------------------------------------------------
// Product photos (issue 4): photo bytes, the embedding cache and image / fused heads.

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

/** A shipped network and the input size it runs at (the same weights work at 160 px). */
export type ImageBackboneId =
  | 'mobilenet_v1_0.75_224'
  | 'mobilenet_v2_0.35_224'
  | 'mobilenet_v1_0.75_160'
  | 'mobilenet_v2_0.35_160';
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
}

// ---------------------------------------------------------------------------------------------
// Feature extractors the owner imported from TF.js model files (migration 6).

/** Imported backbones get ids of their own, so their embeddings never mix with others'. */
export type ImportedBackboneId = `imported-${string}`;
export type BackboneId = ImageBackboneId | ImportedBackboneId;

export const isImportedBackbone = (id: string): id is ImportedBackboneId =>
  id.startsWith('imported-');

/**
 * How the network wants its pixels: the photo pipeline produces [-1, 1] (Keras MobileNets);
 * other networks were trained on [0, 1] or raw [0, 255] values.
 */
export type InputScaling = 'minusOneToOne' | 'zeroToOne' | 'zeroTo255';

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

/** One entry of model.json's weightsManifest, as TF.js reads it. */
export interface StoredWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
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

export interface ShelfwiseSchema {
  backbones: { key: string; value: ImportedBackboneRecord };
}

// Resumable imports: what an import was reading, so that one cut short (a closed tab, a full
// disk) can continue from the same file instead of starting over.

/** The file and columns of an import; absent on datasets imported before imports resumed. */
export interface ImportSource {
  size: number;
  lastModified: number;
  mapping: Partial<Record<'id' | 'title' | 'description' | 'category' | 'image', string>>;
}

export interface DatasetRecord {
  source?: ImportSource;
}

// ---------------------------------------------------------------------------------------------
// Photo models that are right without a GPU (issue 18): test-time flips, and the top of the
// backbone fine-tuned from cached activations.

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

export interface ShelfwiseSchema {
  activations: { key: string; value: ActivationRecord };
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

export interface ImageModelRecord {
  /** Views averaged when classifying; absent on models from before flips (centre only). */
  views?: PhotoView[];
  /** The fine-tuned top used instead of the shipped one; absent or null when frozen. */
  top?: FineTunedTop | null;
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

export interface ShelfwiseSchema {
  photoCheckpoints: {
    key: string;
    value: PhotoCheckpointRecord;
    indexes: { byDataset: string };
  };
}
