import { throwIfAborted } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { SplitPositions } from '@shared/db/records/model.ts';
import { readChunkSize, readRowChunks, type ChunkRange } from '@shared/db/catalogue-store.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import type { CorrectionRecord } from '@shared/db/records/review.ts';
import type { CatalogueProgress, CatalogueSummary } from '@shared/contracts/classify.ts';
import { CatalogueTop, type PositionedRow, type TopShare } from './catalogue-top.ts';
import type { LoadedClassifier } from './classify.ts';
import { yieldToMessages } from '../yield-to-messages.ts';
import { shareWork, type WorkQueue } from './shared-work.ts';

/** Rows classified together: a stored chunk, at most (the product splits it further). */
const BATCH_ROWS = 1000;
/** How often queued messages (a cancel) get a turn. */
const YIELD_INTERVAL_MS = 50;

/** A share of classify-all: the rows of some chunks, classified into a CatalogueTop of its own. */
export interface CatalogueShare {
  datasetId: string;
  range: ChunkRange;
  /** Rows in the share (the catalogue's row count bounds the last chunk). */
  rowCount: number;
}

/**
 * Classifies a share in another worker (a helper with the same model): resolves with its top
 * 3 per row; `onRows` reports rows done so far. The helper stops when `signal` aborts.
 */
export type ShareRunner = (
  signal: AbortSignal,
  share: CatalogueShare,
  onRows: (done: number) => void,
) => Promise<TopShare>;

/** Chunks per share: one read of the store, about half a second of work. */
export const SHARE_CHUNKS = 8;

/**
 * The catalogue cut into shares of whole chunks, handed out in order to whichever worker is
 * free: a helper that starts late, or a worker slowed by others, simply takes fewer.
 */
export class ShareQueue implements WorkQueue<CatalogueShare> {
  private nextChunk = 0;
  private readonly chunks: number;
  private readonly returned: CatalogueShare[] = [];

  constructor(
    private readonly datasetId: string,
    private readonly rowCount: number,
    private readonly chunkRows: number,
    private readonly chunksPerShare = SHARE_CHUNKS,
  ) {
    this.chunks = chunkRows > 0 ? Math.ceil(rowCount / chunkRows) : 0;
  }

  next(): CatalogueShare | null {
    const returned = this.returned.pop();
    if (returned) return returned;
    const firstChunk = this.nextChunk;
    if (firstChunk >= this.chunks) return null;
    const endChunk = Math.min(this.chunks, firstChunk + this.chunksPerShare);
    this.nextChunk = endChunk;
    const firstRow = firstChunk * this.chunkRows;
    const endRow = Math.min(this.rowCount, endChunk * this.chunkRows);
    return {
      datasetId: this.datasetId,
      range: { firstChunk, endChunk, firstRow },
      rowCount: endRow - firstRow,
    };
  }

  /** A share a failed helper did not finish: the next worker to ask takes it. */
  giveBack(share: CatalogueShare): void {
    this.returned.push(share);
  }
}

/**
 * Classifies the rows of `share` in batches into `top`, reading them from IndexedDB a few
 * chunks at a time (cancel stops at the next batch). Each row's label is its correction, if
 * it has one.
 */
export async function classifyShare(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  classifier: LoadedClassifier,
  corrections: ReadonlyMap<number, CorrectionRecord>,
  share: CatalogueShare,
  top: CatalogueTop,
  onRows: (done: number) => void,
): Promise<void> {
  const end = share.range.firstRow + share.rowCount;
  let lastYield = performance.now();
  let done = 0;
  for await (const chunk of readRowChunks(db, share.datasetId, SHARE_CHUNKS, share.range)) {
    for (let from = 0; from < chunk.rows.length; from += BATCH_ROWS) {
      throwIfAborted(signal);
      const batch: PositionedRow[] = chunk.rows
        .slice(from, from + BATCH_ROWS)
        .map((row, r) => {
          const position = chunk.first + from + r;
          const correction = corrections.get(position);
          return { position, row: correction ? { ...row, category: correction.label } : row };
        })
        .filter(({ position }) => position < end);
      await top.classify(classifier, batch);
      done += batch.length;
      onRows(done);
      if (performance.now() - lastYield > YIELD_INTERVAL_MS) {
        // Lets a cancel message in between batches.
        await yieldToMessages();
        lastYield = performance.now();
      }
    }
  }
}

/**
 * Classifies every row of the model's catalogue and stores the top 3 per row, the source of
 * the review queue and of the predictions export. A million rows are never in memory at once.
 * With helpers (`startHelpers`, given the row count), each classifies shares in its own worker
 * beside this one (`shareWork`); a cancel stops them all and stores nothing.
 */
export async function classifyCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  classifier: LoadedClassifier,
  datasetId: string,
  split: SplitPositions | undefined,
  onProgress: (progress: CatalogueProgress) => void,
  startHelpers?: (rowCount: number) => { runners: ShareRunner[]; stop(): void },
): Promise<CatalogueSummary> {
  const [dataset, chunkRows, corrections] = await Promise.all([
    db.get('datasets', datasetId),
    readChunkSize(db, datasetId),
    readCorrections(db, datasetId),
  ]);
  const total = dataset?.rowCount ?? 0;
  const top = new CatalogueTop(total);
  const clock = new ProgressClock();
  // Rows done in each share, by its first row.
  const doneByShare = new Map<number, number>();
  const doneRows = () => [...doneByShare.values()].reduce((sum, rows) => sum + rows, 0);
  const report = (share: CatalogueShare) => (done: number) => {
    doneByShare.set(share.range.firstRow, done);
    const all = doneRows();
    if (clock.due(all === total))
      onProgress({ kind: 'classify', done: all, total, etaMs: clock.remainingMs(all, total) });
  };
  const started = startHelpers?.(total);
  try {
    await shareWork(signal, {
      queue: new ShareQueue(datasetId, total, chunkRows),
      own: (stop, share) =>
        classifyShare(db, stop, classifier, corrections, share, top, report(share)),
      helpers: (started?.runners ?? []).map(
        (runner) => (stop: AbortSignal, share: CatalogueShare) =>
          runner(stop, share, report(share)),
      ),
      absorb: (result) => top.absorb(result),
      lost: (share) => doneByShare.delete(share.range.firstRow),
    });
  } finally {
    started?.stop();
  }
  await db.put('cataloguePredictions', top.toRecord(classifier.modelId, datasetId, split));
  return {
    modelId: classifier.modelId,
    rows: doneRows(),
    disagreements: top.disagreements,
    seconds: clock.elapsedMs() / 1000,
  };
}
