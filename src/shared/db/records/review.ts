/** Review: the shop's corrections, the audit trail, and the catalogue predictions it works from. */

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
