import { throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import type { CatalogueProgress, CatalogueSummary } from '@shared/contracts/classify.ts';
import { CatalogueTop, type PositionedRow } from './catalogue-top.ts';
import type { LoadedClassifier } from './classify.ts';
import { yieldToMessages } from '../yield-to-messages.ts';

/** Rows classified together: a stored chunk, at most (the product splits it further). */
const BATCH_ROWS = 1000;
/** How often queued messages (a cancel) get a turn. */
const YIELD_INTERVAL_MS = 50;

/**
 * Classifies every row of the model's catalogue in batches, reading it from IndexedDB a few
 * chunks at a time (a million rows are never in memory at once; cancel stops at the next
 * batch), and stores the top-3 per row, the source of the review queue and of the
 * predictions export.
 */
export async function classifyCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  classifier: LoadedClassifier,
  datasetId: string,
  split: SplitPositions | undefined,
  onProgress: (progress: CatalogueProgress) => void,
): Promise<CatalogueSummary> {
  const [dataset, corrections] = await Promise.all([
    db.get('datasets', datasetId),
    readCorrections(db, datasetId),
  ]);
  const total = dataset?.rowCount ?? 0;
  const top = new CatalogueTop(total);
  const clock = new ProgressClock();
  let lastYield = performance.now();
  let done = 0;
  for await (const chunk of readRowChunks(db, datasetId)) {
    for (let from = 0; from < chunk.rows.length; from += BATCH_ROWS) {
      throwIfAborted(signal);
      const batch: PositionedRow[] = chunk.rows
        .slice(from, from + BATCH_ROWS)
        .map((row, r) => {
          const position = chunk.first + from + r;
          const correction = corrections.get(position);
          return { position, row: correction ? { ...row, category: correction.label } : row };
        })
        .filter(({ position }) => position < total);
      await top.classify(classifier, batch);
      done += batch.length;
      if (clock.due(done === total))
        onProgress({ kind: 'classify', done, total, etaMs: clock.remainingMs(done, total) });
      if (performance.now() - lastYield > YIELD_INTERVAL_MS) {
        // Lets a cancel message in between batches.
        await yieldToMessages();
        lastYield = performance.now();
      }
    }
  }
  await db.put('cataloguePredictions', top.toRecord(classifier.modelId, datasetId, split));
  return {
    modelId: classifier.modelId,
    rows: done,
    disagreements: top.disagreements,
    seconds: clock.elapsedMs() / 1000,
  };
}
