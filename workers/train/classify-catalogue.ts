import { throwIfAborted } from '../../src/shared/errors.ts';
import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import type { CataloguePredictionsRecord, SplitPositions } from '../../src/shared/db/schema.ts';
import { readLabelledRows } from '../../src/shared/db/corrections.ts';
import type { CatalogueProgress, CatalogueSummary } from '../../src/shared/worker-api.ts';
import { predictProbabilities, topK } from '../model/predict.ts';
import { productText } from '../text/product-text.ts';
import type { LoadedClassifier } from './classify.ts';

const BATCH_ROWS = 512;
const TOP = 3;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Classifies every row of the model's catalogue in batches (cancel stops at the next one) and
 * stores the top-3 per row, the source of the review queue and of the predictions export.
 */
export async function classifyCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  classifier: LoadedClassifier,
  datasetId: string,
  split: SplitPositions | undefined,
  onProgress: (progress: CatalogueProgress) => void,
): Promise<CatalogueSummary> {
  const rows = await readLabelledRows(db, datasetId);
  const total = rows.length;
  const topClasses = new Int32Array(total * TOP).fill(-1);
  const topProbabilities = new Float32Array(total * TOP);
  const classCount = classifier.labels.length;
  const started = performance.now();
  let lastProgress = 0;
  let disagreements = 0;
  for (let from = 0; from < total; from += BATCH_ROWS) {
    throwIfAborted(signal);
    const batch = rows.slice(from, from + BATCH_ROWS);
    const vectors = batch.map((row) => classifier.index.vectorize(productText(row)));
    const probabilities = await predictProbabilities(
      classifier.model,
      vectors,
      classifier.temperature,
    );
    batch.forEach((row, r) => {
      topK(probabilities, r, classCount, Math.min(TOP, classCount)).forEach((ranked, k) => {
        topClasses[(from + r) * TOP + k] = ranked.classId;
        topProbabilities[(from + r) * TOP + k] = ranked.probability;
      });
      if (classifier.labels[topClasses[(from + r) * TOP] as number] !== row.category)
        disagreements++;
    });
    const done = Math.min(total, from + BATCH_ROWS);
    const now = performance.now();
    if (now - lastProgress > PROGRESS_INTERVAL_MS || done === total) {
      lastProgress = now;
      const etaMs = ((now - started) / done) * (total - done);
      onProgress({ kind: 'classify', done, total, etaMs });
    }
    // Lets a cancel message in between batches.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const heldOutPositions = split
    ? Int32Array.from([...split.validation, ...split.test]).sort()
    : new Int32Array(0);
  const record: CataloguePredictionsRecord = {
    modelId: classifier.modelId,
    datasetId,
    createdAt: Date.now(),
    topClasses,
    topProbabilities,
    heldOutPositions,
  };
  await db.put('cataloguePredictions', record);
  return {
    modelId: classifier.modelId,
    rows: total,
    disagreements,
    seconds: (performance.now() - started) / 1000,
  };
}
