import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { predictProbabilities, topK } from '../model/predict.ts';
import { productText } from '../text/product-text.ts';
import type { LoadedClassifier } from './classify.ts';

const TOP = 3;

/** A catalogue row and its position in the dataset. */
export interface PositionedRow {
  position: number;
  row: StoredRow;
}

/**
 * The top 3 categories of every catalogue row, filled batch by batch, as the review queue
 * reads them. Only these compact columns grow with the catalogue, not the rows themselves.
 */
export class CatalogueTop {
  readonly topClasses: Int32Array;
  readonly topProbabilities: Float32Array;
  /** Rows whose top category is not their label. */
  disagreements = 0;

  constructor(rowCount: number) {
    this.topClasses = new Int32Array(rowCount * TOP).fill(-1);
    this.topProbabilities = new Float32Array(rowCount * TOP);
  }

  /** Classifies `batch` with `classifier` and records each row's top 3 at its position. */
  async classify(classifier: LoadedClassifier, batch: readonly PositionedRow[]): Promise<void> {
    const { labels } = classifier;
    const probabilities = await predictProbabilities(
      classifier.model,
      batch.map(({ row }) => classifier.index.vectorize(productText(row))),
      classifier.temperature,
    );
    batch.forEach(({ position: p, row }, r) => {
      topK(probabilities, r, labels.length, Math.min(TOP, labels.length)).forEach((ranked, k) => {
        this.topClasses[p * TOP + k] = ranked.classId;
        this.topProbabilities[p * TOP + k] = ranked.probability;
      });
      if (labels[this.topClasses[p * TOP] as number] !== row.category) this.disagreements++;
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
