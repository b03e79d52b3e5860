export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Unweighted mean F1 over classes that occur in the truth or the predictions (as sklearn). */
  macroF1: number;
  /** Mean F1 weighted by each class's support in the truth. */
  weightedF1: number;
  /** Share of rows whose true class is among the top 3 predictions; null when not measured. */
  top3Accuracy: number | null;
  count: number;
  perClass: ClassMetrics[];
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Held-out classification metrics. `truth` and `predicted` are class ids into `labels`;
 * `top3` (optional) holds three class ids per row.
 */
export function computeMetrics(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly string[],
  top3?: ArrayLike<number>,
): ClassificationMetrics {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} rows but predicted has ${predicted.length}`);
  }
  const k = labels.length;
  const truePositive = new Float64Array(k);
  const predictedCount = new Float64Array(k);
  const support = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    support[t] = (support[t] ?? 0) + 1;
    predictedCount[p] = (predictedCount[p] ?? 0) + 1;
    if (t === p) {
      truePositive[t] = (truePositive[t] ?? 0) + 1;
      correct++;
    }
  }
  const perClass: ClassMetrics[] = [];
  let f1Sum = 0;
  let weightedSum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const s = support[c] ?? 0;
    const pc = predictedCount[c] ?? 0;
    if (s === 0 && pc === 0) continue;
    const tp = truePositive[c] ?? 0;
    const precision = ratio(tp, pc);
    const recall = ratio(tp, s);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perClass.push({ label: labels[c] ?? String(c), precision, recall, f1, support: s });
    f1Sum += f1;
    weightedSum += f1 * s;
    present++;
  }
  let top3Accuracy: number | null = null;
  if (top3) {
    let hits = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i];
      if (top3[3 * i] === t || top3[3 * i + 1] === t || top3[3 * i + 2] === t) hits++;
    }
    top3Accuracy = ratio(hits, truth.length);
  }
  return {
    accuracy: ratio(correct, truth.length),
    macroF1: ratio(f1Sum, present),
    weightedF1: ratio(weightedSum, truth.length),
    top3Accuracy,
    count: truth.length,
    perClass,
  };
}
