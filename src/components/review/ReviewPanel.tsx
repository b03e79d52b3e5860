import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type {
  CataloguePredictionsRecord,
  ReviewAction,
  ReviewLogRecord,
} from '@shared/db/records/review.ts';
import type { DatasetRecord, StoredRow } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type {
  CatalogueProgress,
  CatalogueSummary,
  ClassifyApi,
} from '@shared/contracts/classify.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { readDatasetCategories, readRow } from '@shared/db/catalogue-store.ts';
import { appError } from '@shared/errors.ts';
import { readCorrections, readReviewLog, recordDecision } from '@shared/db/corrections.ts';
import { decidedPositions, rankReviewQueue, type ReviewMode } from '@shared/review/rank-queue.ts';
import { decisionExportRows } from '@shared/review/export-rows.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { appDb } from '../../app/db.ts';
import { useWorkerJob } from '../../app/use-worker-job.ts';
import { downloadCsv } from '../../app/csv-download.ts';
import { ShopExport } from './ShopExport.tsx';
import { writeCsvStream } from '../../app/csv-stream.ts';
import { predictionCsvPieces } from '../../app/export-predictions.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { ErrorNote } from '../ErrorNote.tsx';
import { CategoryPicker } from './CategoryPicker.tsx';
import { asFailure, type Failure } from '../../app/failure.ts';

interface ReviewPanelProps {
  model: ModelRecord;
  dataset: DatasetRecord;
  worker: () => WorkerHandle<ClassifyApi>;
  restartWorker: () => void;
  backend: BackendName | null;
  onCorrectionsChanged: (count: number) => void;
}

interface Catalogue {
  /** Each row's category as imported. */
  imported: string[];
  /** Labels with the shop's corrections applied. */
  labels: string[];
  log: ReviewLogRecord[];
  predictions: CataloguePredictionsRecord | null;
}

const REVIEWER_KEY = 'shelfwise.reviewer';
const CROSS_CHECK_FOLDS = 3;

function progressText(progress: CatalogueProgress | null | undefined): {
  label: string;
  fraction: number | null;
  etaMs: number | null;
} {
  if (!progress) return { label: 'Reading the catalogue', fraction: null, etaMs: null };
  if (progress.kind === 'crossCheck')
    return {
      label: `Cross-checking: model ${progress.fold} of ${progress.folds}`,
      fraction: progress.fraction,
      etaMs: progress.etaMs,
    };
  return {
    label: `Classified ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} products`,
    fraction: progress.done / progress.total,
    etaMs: progress.etaMs,
  };
}

/**
 * The catalogue as the queue needs it: labels only, the rows on screen are read one at a time.
 * Until the model has classified it there is no queue, so nothing is read before.
 */
async function loadCatalogue(model: ModelRecord): Promise<Catalogue | null> {
  const db = await appDb();
  if (!(await db.getKey('cataloguePredictions', model.id))) return null;
  const [imported, corrections, log, predictions] = await Promise.all([
    readDatasetCategories(db, model.datasetId),
    readCorrections(db, model.datasetId),
    readReviewLog(db, model.datasetId),
    db.get('cataloguePredictions', model.id),
  ]);
  const labels = imported.map((category, p) => corrections.get(p)?.label ?? category);
  return { imported, labels, log, predictions: predictions ?? null };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The review queue: the model's doubts and disagreements with the shop's labels, answered
 * with the keyboard. Every decision is stored at once with its line in the audit trail.
 */
export function ReviewPanel({
  model,
  dataset,
  worker,
  restartWorker,
  backend,
  onCorrectionsChanged,
}: ReviewPanelProps) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [mode, setMode] = useState<ReviewMode>('disagreements');
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [undoStack, setUndoStack] = useState<ReviewLogRecord[]>([]);
  const [picking, setPicking] = useState(false);
  const [reviewer, setReviewer] = useState(() => localStorage.getItem(REVIEWER_KEY) ?? 'owner');
  const [error, setError] = useState<Failure | null>(null);
  const [pace, setPace] = useState<{ started: number; last: number; decisions: number } | null>(
    null,
  );
  const cardRef = useRef<HTMLDivElement>(null);
  /** Rows written by the predictions export under way; null when none is. */
  const [exported, setExported] = useState<number | null>(null);
  const { job, start, cancel } = useWorkerJob<CatalogueProgress, CatalogueSummary>('catalogue', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: restartWorker,
    terminatedMessage: 'The classifier did not answer and was restarted.',
  });

  const crossCheck = useWorkerJob<CatalogueProgress, CatalogueSummary>('cross-check', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: restartWorker,
    terminatedMessage: 'The classifier did not answer and was restarted.',
  });

  const report = (caught: unknown) => setError(asFailure(caught));

  const reload = () => loadCatalogue(model).then(setCatalogue);

  // The panel is keyed by model, so its state starts afresh for each one.
  useEffect(() => {
    loadCatalogue(model).then(setCatalogue, report);
  }, [model]);

  // Counted once per change of the catalogue, not on every render: catalogues can be large.
  const summary = useMemo(() => {
    if (!catalogue) return null;
    const corrected = catalogue.labels.reduce(
      (count, label, p) => count + (label !== catalogue.imported[p] ? 1 : 0),
      0,
    );
    const disagreements = catalogue.predictions
      ? rankReviewQueue(
          catalogue.predictions,
          model.labels,
          catalogue.labels,
          'disagreements',
          new Set(),
        ).length
      : 0;
    return { decided: decidedPositions(catalogue.log), corrected, disagreements };
  }, [catalogue, model.labels]);
  const corrected = summary?.corrected;
  useEffect(() => {
    if (corrected !== undefined) onCorrectionsChanged(corrected);
  }, [corrected, onCorrectionsChanged]);

  const queue = useMemo(() => {
    if (!catalogue?.predictions || !summary) return [];
    const excluded = new Set([...summary.decided, ...skipped]);
    return rankReviewQueue(catalogue.predictions, model.labels, catalogue.labels, mode, excluded);
  }, [catalogue, summary, model.labels, mode, skipped]);
  const item = queue[0];
  // The product under review, read from its chunk when it comes up (the queue holds positions).
  const [shown, setShown] = useState<{ position: number; row: StoredRow } | null>(null);
  const itemPosition = item?.position;
  useEffect(() => {
    if (itemPosition === undefined) return;
    let live = true;
    appDb()
      .then((db) => readRow(db, model.datasetId, itemPosition))
      .then((row) => live && row && setShown({ position: itemPosition, row }), report);
    return () => {
      live = false;
    };
  }, [itemPosition, model.datasetId]);
  const shownRow = shown && shown.position === itemPosition ? shown.row : null;
  const heldOut = useMemo(
    () => new Set(catalogue?.predictions?.heldOutPositions ?? []),
    [catalogue?.predictions],
  );

  /** Written chunk by chunk from IndexedDB, with the coverage dial's threshold as it is now. */
  async function exportPredictions(predictions: CataloguePredictionsRecord) {
    setExported(0);
    try {
      await writeCsvStream(
        `${dataset.name}-predictions.csv`,
        dataset.rowCount,
        predictionCsvPieces(model, predictions, setExported),
      );
    } finally {
      setExported(null);
    }
  }

  async function classifyAll() {
    setError(null);
    const summary = await start((jobId, onProgress) =>
      worker().api.classifyCatalogue(jobId, model.id, onProgress),
    );
    if (summary) await reload();
  }

  async function crossCheckAll() {
    if (!backend) return;
    setError(null);
    const summary = await crossCheck.start((jobId, onProgress) =>
      worker().api.crossCheckCatalogue(
        jobId,
        { modelId: model.id, folds: CROSS_CHECK_FOLDS, backend },
        onProgress,
      ),
    );
    if (summary) await reload();
  }

  /** Stores one decision on the row at `position` and shows it; null when storing failed. */
  async function store(
    position: number,
    action: ReviewAction,
    label: string,
  ): Promise<ReviewLogRecord | null> {
    if (!catalogue) return null;
    try {
      const db = await appDb();
      const row = await readRow(db, model.datasetId, position);
      if (!row) throw appError('NotFound', `Row ${position + 1} of the catalogue is gone`);
      const entry = await recordDecision(db, {
        datasetId: model.datasetId,
        position,
        row,
        action,
        label,
        reviewer,
        modelId: model.id,
      });
      applyEntry(entry);
      return entry;
    } catch (caught) {
      report(caught);
      return null;
    }
  }

  async function decide(action: ReviewAction, label: string) {
    if (!item) return;
    const entry = await store(item.position, action, label);
    if (!entry) return;
    if (action === 'skip') setSkipped((s) => new Set(s).add(item.position));
    setUndoStack((stack) => [...stack, entry]);
    setPace((p) => ({
      started: p?.started ?? entry.at,
      last: entry.at,
      decisions: (p?.decisions ?? 0) + 1,
    }));
  }

  async function undo() {
    const last = undoStack.at(-1);
    if (!last || !(await store(last.position, 'undo', last.before))) return;
    setUndoStack((stack) => stack.slice(0, -1));
    setSkipped((s) => {
      const next = new Set(s);
      next.delete(last.position);
      return next;
    });
  }

  function applyEntry(entry: ReviewLogRecord) {
    setCatalogue((current) => {
      if (!current) return current;
      const labels = [...current.labels];
      labels[entry.position] = entry.after;
      return { ...current, labels, log: [...current.log, entry] };
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (picking || !item || !catalogue) return;
    const suggestion = model.labels[item.suggested] as string;
    const current = catalogue.labels[item.position] as string;
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && key === 'z') undo().catch(report);
    else if (event.ctrlKey || event.metaKey || event.altKey) return;
    else if (key === 'a' || key === 'enter')
      decide(suggestion === current ? 'keep' : 'accept', suggestion).catch(report);
    else if (key === 'k') decide('keep', current).catch(report);
    else if (key === 's' || key === 'arrowright') decide('skip', current).catch(report);
    else if (key === 'u') undo().catch(report);
    else if (key === 'c' || key === '/') setPicking(true);
    else return;
    event.preventDefault();
  }

  const predictions = catalogue?.predictions;
  const crossRunning = crossCheck.job.status === 'running' ? crossCheck.job : null;
  const running = job.status === 'running' ? job : crossRunning;
  const disagreements = summary?.disagreements ?? 0;
  const perMinute =
    pace && pace.decisions >= 3
      ? ((pace.decisions - 1) / (pace.last - pace.started)) * 60_000
      : null;

  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <p className="muted">
        Classify the whole of “{dataset.name}” with the current model, then go through the products
        it doubts or disagrees with. Decisions are saved as you make them.
      </p>
      <div className="row">
        <button
          type="button"
          className={predictions ? undefined : 'primary'}
          disabled={!!running}
          onClick={() => classifyAll().catch(report)}
        >
          {predictions ? 'Classify the catalogue again' : 'Classify the catalogue'}
        </button>
        <button
          type="button"
          disabled={!!running || !backend}
          onClick={() => crossCheckAll().catch(report)}
          title="Trains 3 models, each on two thirds of the catalogue, and judges every product with the one that never saw it: finds the label errors the current model has learnt by heart."
        >
          Cross-check labels ({CROSS_CHECK_FOLDS} models)
        </button>
        {predictions && (
          <button
            type="button"
            disabled={exported !== null}
            onClick={() => exportPredictions(predictions).catch(report)}
          >
            Export predictions (CSV)
          </button>
        )}
        {predictions && (
          <ShopExport dataset={dataset} model={model} predictions={predictions} onError={report} />
        )}
        {catalogue && catalogue.log.length > 0 && (
          <button
            type="button"
            onClick={() =>
              downloadCsv(`${dataset.name}-decisions.csv`, decisionExportRows(catalogue.log))
            }
          >
            Export decisions (CSV)
          </button>
        )}
        <label className="inline">
          Reviewer{' '}
          <input
            value={reviewer}
            size={10}
            onChange={(e) => {
              setReviewer(e.target.value);
              localStorage.setItem(REVIEWER_KEY, e.target.value);
            }}
          />
        </label>
      </div>
      {running && (
        <ProgressBar
          {...progressText(running.progress)}
          onCancel={() => (running === crossRunning ? crossCheck.cancel() : cancel()).catch(report)}
          cancelling={running.cancelling}
        />
      )}
      {exported !== null && (
        <ProgressBar
          label={`Writing predictions: ${exported.toLocaleString()} of ${dataset.rowCount.toLocaleString()} rows`}
          fraction={exported / Math.max(1, dataset.rowCount)}
        />
      )}
      {job.status === 'done' && (
        <p role="status" className="ok">
          Classified {job.result.rows.toLocaleString()} products in {job.result.seconds.toFixed(1)}{' '}
          s; the model disagrees with {job.result.disagreements.toLocaleString()} labels.
        </p>
      )}
      {crossCheck.job.status === 'done' && (
        <p role="status" className="ok">
          Cross-checked {crossCheck.job.result.rows.toLocaleString()} products with{' '}
          {CROSS_CHECK_FOLDS} models in {crossCheck.job.result.seconds.toFixed(1)} s; each product
          was judged by a model that never saw it, which disagrees with{' '}
          {crossCheck.job.result.disagreements.toLocaleString()} labels.
        </p>
      )}
      {[job, crossCheck.job].map((state, i) =>
        state.status === 'cancelled' ? (
          <p key={i} role="status">
            Stopped. {state.message}
          </p>
        ) : state.status === 'failed' ? (
          <ErrorNote key={i} code={state.code} message={state.message} />
        ) : null,
      )}

      {predictions && catalogue && (
        <>
          <p className="muted" data-testid="queue-source">
            {predictions.crossCheckFolds
              ? `Queue from the cross-check: each product judged by one of ${predictions.crossCheckFolds} models trained without it.`
              : 'Queue from the current model, which has seen its training products: use the cross-check to find the label errors it has learnt.'}
          </p>
          <div className="tabs" role="tablist" aria-label="Queue">
            {(
              [
                ['disagreements', `Likely label errors (${disagreements})`],
                ['uncertain', 'Least sure first'],
              ] as const
            ).map(([value, text]) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={mode === value}
                onClick={() => setMode(value)}
              >
                {text}
              </button>
            ))}
          </div>
          {item ? (
            <div
              ref={cardRef}
              className="review-card"
              tabIndex={0}
              onKeyDown={onKeyDown}
              data-testid="review-item"
              aria-label="Product under review"
            >
              {shownRow ? (
                <>
                  <p className="review-title">{shownRow.title}</p>
                  {shownRow.description && (
                    <p className="muted">{shownRow.description.slice(0, 300)}</p>
                  )}
                </>
              ) : (
                <p className="muted">Reading the product…</p>
              )}
              <dl>
                <dt>Shop label</dt>
                <dd data-testid="review-current">
                  {catalogue.labels[item.position] || '(unlabelled)'}
                </dd>
                <dt>Model suggests</dt>
                <dd data-testid="review-suggestion">
                  {model.labels[item.suggested]}{' '}
                  <span className="muted">{percent(item.confidence)}</span>
                </dd>
              </dl>
              {heldOut.has(item.position) && (
                <p className="muted">
                  A held-out product: your answer changes the reference label of the evaluation,
                  never the training data of a retrain.
                </p>
              )}
              <div className="row">
                <button
                  type="button"
                  onClick={() =>
                    decide(
                      model.labels[item.suggested] === catalogue.labels[item.position]
                        ? 'keep'
                        : 'accept',
                      model.labels[item.suggested] as string,
                    ).catch(report)
                  }
                >
                  <kbd>A</kbd> Accept suggestion
                </button>
                <button
                  type="button"
                  onClick={() =>
                    decide('keep', catalogue.labels[item.position] as string).catch(report)
                  }
                >
                  <kbd>K</kbd> Keep shop label
                </button>
                <button type="button" onClick={() => setPicking(true)}>
                  <kbd>C</kbd> Other category…
                </button>
                <button
                  type="button"
                  onClick={() =>
                    decide('skip', catalogue.labels[item.position] as string).catch(report)
                  }
                >
                  <kbd>S</kbd> Skip
                </button>
                <button
                  type="button"
                  disabled={!undoStack.length}
                  onClick={() => undo().catch(report)}
                >
                  <kbd>U</kbd> Undo
                </button>
              </div>
              {picking && (
                <CategoryPicker
                  labels={model.labels}
                  onPick={(label) => {
                    setPicking(false);
                    cardRef.current?.focus();
                    decide(
                      label === catalogue.labels[item.position] ? 'keep' : 'relabel',
                      label,
                    ).catch(report);
                  }}
                  onClose={() => {
                    setPicking(false);
                    cardRef.current?.focus();
                  }}
                />
              )}
            </div>
          ) : (
            <p className="ok" role="status">
              Nothing left in this queue.
            </p>
          )}
          <p className="muted" data-testid="review-counts">
            {queue.length.toLocaleString()} to review · {summary?.decided.size ?? 0} decided ·{' '}
            {corrected ?? 0} corrected
            {perMinute !== null && ` · ${perMinute.toFixed(0)} decisions per minute this session`}
          </p>
        </>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </section>
  );
}
