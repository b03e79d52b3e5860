import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import { isLabelled } from '@shared/labels.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { productText } from '../text/product-text.ts';
import { classifierTop, type LoadedClassifier } from './classify.ts';

const TOP = 3;

/** A catalogue row and its position in the dataset. */
export interface PositionedRow {
  position: number;
  row: StoredRow;
}

/** The top 3 of rows `firstRow ..` of a catalogue, as a helper worker hands its share back. */
export interface TopShare {
  firstRow: number;
  topClasses: Int32Array;
  topProbabilities: Float32Array;
  disagreements: number;
}

/** The top 3 of rows at scattered positions, in that order (a cross-check fold's rows). */
export interface TopAt {
  positions: Int32Array;
  topClasses: Int32Array;
  topProbabilities: Float32Array;
  disagreements: number;
}

/**
 * The top 3 categories of every catalogue row (or of the rows from `firstRow` on, for a share
 * of the work), filled batch by batch, as the review queue reads them. Only these compact
 * columns grow with the catalogue, not the rows themselves.
 */
export class CatalogueTop implements TopShare {
  readonly topClasses: Int32Array;
  readonly topProbabilities: Float32Array;
  /** Rows whose top category is not their label. */
  disagreements = 0;

  constructor(
    rowCount: number,
    readonly firstRow = 0,
  ) {
    this.topClasses = new Int32Array(rowCount * TOP).fill(-1);
    this.topProbabilities = new Float32Array(rowCount * TOP);
  }

  /** Takes in another worker's share, classified into a CatalogueTop of its own. */
  absorb(share: TopShare): void {
    const at = (share.firstRow - this.firstRow) * TOP;
    this.topClasses.set(share.topClasses, at);
    this.topProbabilities.set(share.topProbabilities, at);
    this.disagreements += share.disagreements;
  }

  /** Takes in the rows of another CatalogueTop that kept them in `share.positions` order. */
  absorbAt(share: TopAt): void {
    share.positions.forEach((position, j) => {
      const at = (position - this.firstRow) * TOP;
      this.topClasses.set(share.topClasses.subarray(j * TOP, (j + 1) * TOP), at);
      this.topProbabilities.set(share.topProbabilities.subarray(j * TOP, (j + 1) * TOP), at);
    });
    this.disagreements += share.disagreements;
  }

  /** Classifies `batch` with `classifier` and records each row's top 3 at its position. */
  async classify(classifier: LoadedClassifier, batch: readonly PositionedRow[]): Promise<void> {
    const { labels } = classifier;
    const top = await classifierTop(
      classifier,
      batch.map(({ row }) => productText(row)),
      TOP,
    );
    batch.forEach(({ position, row }, r) => {
      const p = position - this.firstRow;
      for (let k = 0; k < top.k; k++) {
        this.topClasses[p * TOP + k] = top.classes[r * top.k + k] as number;
        this.topProbabilities[p * TOP + k] = top.probabilities[r * top.k + k] as number;
      }
      if (isLabelled(row.category) && labels[this.topClasses[p * TOP] as number] !== row.category)
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
