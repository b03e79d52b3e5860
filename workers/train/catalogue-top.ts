import type {
  CataloguePredictionsRecord,
  SplitPositions,
  StoredRow,
} from '../../src/shared/db/schema.ts';
import { predictProbabilities, topK } from '../model/predict.ts';
import { productText } from '../text/product-text.ts';
import type { LoadedClassifier } from './classify.ts';

const TOP = 3;

/** The top 3 categories of every catalogue row, filled batch by batch, as the review queue reads them. */
export class CatalogueTop {
  readonly topClasses: Int32Array;
  readonly topProbabilities: Float32Array;
  /** Rows whose top category is not their label. */
  disagreements = 0;

  constructor(private readonly rows: readonly StoredRow[]) {
    this.topClasses = new Int32Array(rows.length * TOP).fill(-1);
    this.topProbabilities = new Float32Array(rows.length * TOP);
  }

  /** Classifies the rows at `positions` with `classifier` and records their top 3. */
  async classify(classifier: LoadedClassifier, positions: readonly number[]): Promise<void> {
    const { labels } = classifier;
    const probabilities = await predictProbabilities(
      classifier.model,
      positions.map((p) => classifier.index.vectorize(productText(this.rows[p] as StoredRow))),
      classifier.temperature,
    );
    positions.forEach((p, r) => {
      topK(probabilities, r, labels.length, Math.min(TOP, labels.length)).forEach((ranked, k) => {
        this.topClasses[p * TOP + k] = ranked.classId;
        this.topProbabilities[p * TOP + k] = ranked.probability;
      });
      if (labels[this.topClasses[p * TOP] as number] !== this.rows[p]?.category)
        this.disagreements++;
    });
  }

  toRecord(
    modelId: string,
    datasetId: string,
    split: SplitPositions | undefined,
    crossCheckFolds?: number,
  ): CataloguePredictionsRecord {
    return {
      modelId,
      datasetId,
      createdAt: Date.now(),
      topClasses: this.topClasses,
      topProbabilities: this.topProbabilities,
      heldOutPositions: split
        ? Int32Array.from([...split.validation, ...split.test]).sort()
        : new Int32Array(0),
      ...(crossCheckFolds ? { crossCheckFolds } : {}),
    };
  }
}
