import { throwIfAborted } from '../../src/shared/errors.ts';
import type { ShelfwiseDb } from '../../src/shared/db/open.ts';
import type { SplitPositions } from '../../src/shared/db/schema.ts';
import { readLabelledRows } from '../../src/shared/db/corrections.ts';
import type { CatalogueProgress, CatalogueSummary } from '../../src/shared/worker-api.ts';
import { CatalogueTop } from './catalogue-top.ts';
import type { LoadedClassifier } from './classify.ts';

const BATCH_ROWS = 512;
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
  const top = new CatalogueTop(rows);
  const started = performance.now();
  let lastProgress = 0;
  for (let from = 0; from < total; from += BATCH_ROWS) {
    throwIfAborted(signal);
    const positions = rows.slice(from, from + BATCH_ROWS).map((_, r) => from + r);
    await top.classify(classifier, positions);
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
  await db.put('cataloguePredictions', top.toRecord(classifier.modelId, datasetId, split));
  return {
    modelId: classifier.modelId,
    rows: total,
    disagreements: top.disagreements,
    seconds: (performance.now() - started) / 1000,
  };
}
