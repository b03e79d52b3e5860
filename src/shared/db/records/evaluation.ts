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
