/** The lifecycle worker: model bundles and whole-project archives, in and out. */
import type { ImageModelRecord } from '../db/records/image.ts';
import type { ModelRecord } from '../db/records/model.ts';
import type { BackendControl, Cancellable, Job } from './jobs.ts';

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

export interface BundleImport {
  model: ModelRecord;
  /** False when the model's dataset is not in this browser: it classifies standalone. */
  datasetPresent: boolean;
  /** Set when a model with the bundle's id already existed, so this one got a new id. */
  previousId?: string;
}

export interface PhotoBundleImport {
  model: ImageModelRecord;
  /** False when the model's dataset is not in this browser: it classifies photos alone. */
  datasetPresent: boolean;
  previousId?: string;
}

/** What a project export or import is at; the page words each in its own language. */
export type ProjectStage = 'datasetRows' | 'model' | 'photoModel' | 'reading' | 'done';

export type ProjectProgress = {
  kind: 'project';
  stage: ProjectStage;
  /** The dataset or model the stage is about. */
  name?: string;
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

/** Bundles are measured on the model's held-out rows, so this worker runs TF.js too. */
export interface LifecycleApi extends BackendControl, Cancellable {
  /** A model as a .zip bundle at this precision, with the precision's measured effect. */
  exportModelBundle(modelId: string, precision: WeightPrecision): Promise<BundleExport>;
  /** Validates a bundle and stores its model (under a new id if its own is taken). */
  importModelBundle(file: Blob): Promise<BundleImport>;
  /** A photo model (its head, fine-tuned top and any text model it fuses with) as a .zip. */
  exportPhotoModel(modelId: string): Promise<Uint8Array>;
  importPhotoModel(file: Blob): Promise<PhotoBundleImport>;
  /** Every dataset and text model as one .zip, written entry by entry. */
  exportProject(
    jobId: string,
    onProgress: (progress: ProjectProgress) => void,
  ): Promise<ProjectExport>;
  /** Streams a project .zip into this browser, skipping what is already here. */
  importProject: Job<Blob, ProjectProgress, ProjectImport>;
}
