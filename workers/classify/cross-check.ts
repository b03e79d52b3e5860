import { appError } from '@shared/errors.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { readLabelledRows } from '@shared/db/corrections.ts';
import { createRandom } from '@shared/random.ts';
import type { CatalogueProgress, CatalogueSummary } from '@shared/contracts/classify.ts';
import { productText } from '../text/product-text.ts';
import { CatalogueTop, type TopAt } from './catalogue-top.ts';
import { loadClassifier } from './classify.ts';
import { fitTextModel, resolveEpochs } from '../train/fit-text-model.ts';
import { readModel, type ModelContents } from '@shared/db/model-store.ts';
import { trainFoldDeepModel } from '../deep/fold-deep.ts';
import { queueOf, shareWork } from './shared-work.ts';

const BATCH_ROWS = 512;

/** What every fold of a cross-check needs; the same in every worker that reads it. */
export interface CrossCheckPlan {
  modelId: string;
  model: ModelContents;
  rows: StoredRow[];
  /** Class id of each row (-1: a label the model does not know). */
  classes: number[];
  foldOf: number[];
  folds: number;
  epochs: number;
}

export async function planCrossCheck(
  db: ShelfwiseDb,
  modelId: string,
  folds: number,
): Promise<CrossCheckPlan> {
  const model = await readModel(db, modelId);
  const rows = await readLabelledRows(db, model.record.datasetId);
  const { labels, options } = model.record;
  const classOf = new Map(labels.map((label, i) => [label, i]));
  const random = createRandom(options.seed + 7919);
  return {
    modelId,
    model,
    rows,
    classes: rows.map((row) => classOf.get(row.category) ?? -1),
    foldOf: rows.map(() => Math.floor(random() * folds)),
    folds,
    epochs: resolveEpochs(options, Math.round((rows.length * (folds - 1)) / folds)),
  };
}

/**
 * Trains fold `fold`'s model on the other folds, with the current model's options, and
 * classifies the fold's rows with it; `onFraction` reports how far the fold is (0 to 1).
 */
export async function crossCheckFold(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  plan: CrossCheckPlan,
  fold: number,
  onFraction: (fraction: number) => void,
): Promise<TopAt> {
  const { rows, classes, foldOf } = plan;
  const { record, stored } = plan.model;
  const { labels, options } = record;
  const inFold = rows.flatMap((_, p) => (foldOf[p] === fold ? [p] : []));
  const rest = rows.flatMap((_, p) =>
    foldOf[p] !== fold && (classes[p] as number) >= 0 ? [p] : [],
  );
  const train = {
    texts: rest.map((p) => productText(rows[p]!)),
    classes: rest.map((p) => classes[p] as number),
  };
  // A "Best" fold spends about half its time on the deep half, below.
  const linearShare = stored.deep ? 0.5 : 1;
  const fitted = await fitTextModel(
    signal,
    {
      labels,
      train,
      validation: { texts: [], classes: [] },
      options: { ...options, epochs: plan.epochs },
    },
    {
      onProgress: (progress) => {
        if (progress.kind !== 'batch') return;
        const done = (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs;
        onFraction(done * linearShare);
      },
    },
  );
  if (fitted.cancelled) throw appError('AbortError', 'The cross-check was cancelled');
  // A "Best" model is judged by a fold model of the same kind: the deep half trains too.
  const deep = stored.deep
    ? await trainFoldDeepModel(
        db,
        signal,
        {
          datasetId: record.datasetId,
          datasetTexts: rows.map(productText),
          model: stored.deep,
          train,
          seed: options.seed + fold,
        },
        (progress) => onFraction(0.5 + progress.done / 2),
      )
    : undefined;
  const classifier = loadClassifier({
    id: plan.modelId,
    labels,
    space: fitted.space,
    weights: fitted.weights,
    temperature: record.temperature,
    deep,
  });
  const top = new CatalogueTop(inFold.length);
  for (let from = 0; from < inFold.length; from += BATCH_ROWS)
    await top.classify(
      classifier,
      inFold.slice(from, from + BATCH_ROWS).map((position, r) => ({
        position: from + r,
        row: rows[position] as StoredRow,
      })),
    );
  const { topClasses, topProbabilities, disagreements } = top;
  return { positions: Int32Array.from(inFold), topClasses, topProbabilities, disagreements };
}

/**
 * Runs fold `fold` in another worker (a helper that planned the same cross-check): resolves
 * with the fold's rows and their top 3. The helper stops when `signal` aborts.
 */
export type FoldRunner = (
  signal: AbortSignal,
  fold: number,
  onFraction: (fraction: number) => void,
) => Promise<TopAt>;

/**
 * Judges every row by a model that never saw it: the catalogue is cut into `folds` seeded
 * parts, and each part is classified by a model trained, with the current model's options,
 * on the others. A model classifying its own training rows has learnt many of their label
 * errors by heart; these out-of-fold predictions catch them (on flipkart-l2 with 984
 * injected errors: 983 in the queue, against 664 for the model's own predictions).
 * With helpers (`startHelpers`, given the plan), each trains and classifies whole folds in its
 * own worker beside this one (`shareWork`).
 * Stored in `crossChecks`, apart from the model's own predictions of its catalogue.
 */
export async function crossCheckCatalogue(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  modelId: string,
  folds: number,
  onProgress: (progress: CatalogueProgress) => void,
  startHelpers?: (plan: CrossCheckPlan) => { runners: FoldRunner[]; stop(): void },
): Promise<CatalogueSummary> {
  const clock = new ProgressClock();
  const plan = await planCrossCheck(db, modelId, folds);
  const started = startHelpers?.(plan);
  const helpers = started?.runners ?? [];
  const top = new CatalogueTop(plan.rows.length);
  const foldFraction = new Array<number>(folds).fill(0);
  const report = (fold: number) => (fraction: number) => {
    foldFraction[fold] = fraction;
    if (!clock.due()) return;
    const done = foldFraction.reduce((sum, f) => sum + f, 0) / folds;
    onProgress({
      kind: 'crossCheck',
      fold: foldFraction.filter((f) => f > 0).length,
      folds,
      fraction: done,
      etaMs: clock.remainingMs(done, 1),
    });
  };
  try {
    await shareWork(signal, {
      queue: queueOf(Array.from({ length: folds }, (_, fold) => fold)),
      own: async (stop, fold) => {
        top.absorbAt(await crossCheckFold(db, stop, plan, fold, report(fold)));
      },
      helpers: helpers.map(
        (runner) => (stop: AbortSignal, fold: number) => runner(stop, fold, report(fold)),
      ),
      absorb: (result) => top.absorbAt(result),
      lost: (fold) => (foldFraction[fold] = 0),
    });
  } finally {
    started?.stop();
  }
  const { datasetId } = plan.model.record;
  await db.put('crossChecks', top.toRecord(modelId, datasetId, plan.model.stored.split, folds));
  return {
    modelId,
    rows: plan.rows.length,
    disagreements: top.disagreements,
    seconds: clock.elapsedMs() / 1000,
  };
}
