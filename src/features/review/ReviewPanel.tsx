import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ReviewAction, ReviewLogRecord } from '@shared/db/records/review.ts';
import type { DatasetRecord, StoredRow } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { CatalogueProgress, CatalogueSummary } from '@shared/contracts/classify.ts';
import { readRow } from '@shared/db/catalogue-store.ts';
import { appError } from '@shared/errors.ts';
import { recordDecision } from '@shared/db/corrections.ts';
import { decidedPositions, rankReviewQueue, type ReviewMode } from '@shared/review/rank-queue.ts';
import { useBackendChoice } from '../../app/backend-context.tsx';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { Expert } from '../../common/components/Expert.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { appDb } from '../../common/db.ts';
import { asFailure, type Failure } from '../../common/failure.ts';
import { count, formatSeconds, percent } from '../../common/format.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { Data } from '../../i18n/rich.tsx';
import { CategoryPicker } from './CategoryPicker.tsx';
import {
  readCatalogue,
  readQueueSource,
  type Catalogue,
  type QueueSource,
} from './review-sources.ts';
import { reviewerName } from './reviewer.ts';
import { useReviewKeys, type ReviewKey } from './use-review-keys.ts';

export const CROSS_CHECK_FOLDS = 3;

function progressText(progress: CatalogueProgress | null, t: TFunction) {
  if (!progress) return { label: t('review.progress.reading'), fraction: null, etaMs: null };
  if (progress.kind === 'crossCheck')
    return {
      label: t('review.progress.crossCheck', { fold: progress.fold, folds: progress.folds }),
      fraction: progress.fraction,
      etaMs: progress.etaMs,
    };
  return {
    label: t('review.progress.classify', {
      done: count(progress.done),
      total: count(progress.total),
    }),
    fraction: progress.done / progress.total,
    etaMs: progress.etaMs,
  };
}

interface ReviewPanelProps {
  model: ModelRecord;
  dataset: DatasetRecord;
}

/**
 * The review queue: products whose label looks wrong to a model that never saw them, or that
 * the model is least sure of, answered with the keyboard. Every decision is stored at once
 * with its line in the audit trail.
 */
export function ReviewPanel({ model, dataset }: ReviewPanelProps) {
  const { t } = useTranslation();
  const worker = useWorker('classify');
  const { backend } = useBackendChoice();
  const { models, setCorrections } = useWorkspace();
  const [source, setSource] = useState<QueueSource | null | undefined>(undefined);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [mode, setMode] = useState<ReviewMode>('disagreements');
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [undoStack, setUndoStack] = useState<ReviewLogRecord[]>([]);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [pace, setPace] = useState<{ started: number; last: number; decisions: number } | null>(
    null,
  );
  const cardRef = useRef<HTMLDivElement>(null);
  const controls = {
    cancel: (jobId: string) => worker.get().api.cancel(jobId),
    restart: worker.restart,
    terminatedMessage: t('review.terminated'),
    ping: () => worker.get().api.tensorCount(),
  };
  const crossCheck = useWorkerJob<CatalogueProgress, CatalogueSummary>('cross-check', controls);
  const quick = useWorkerJob<CatalogueProgress, CatalogueSummary>('catalogue', controls);
  const report = useCallback((caught: unknown) => setError(asFailure(caught)), []);

  const reload = useCallback(async () => {
    const found = await readQueueSource(model, models);
    setSource(found);
    if (found) setCatalogue(await readCatalogue(model.datasetId));
  }, [model, models]);

  useEffect(() => {
    const load = async () => {
      await reload();
    };
    load().catch(report);
    // Read once per model: a refreshed list of models does not change the queue.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model.id]);

  const summary = useMemo(() => {
    if (!catalogue || !source) return null;
    const corrected = catalogue.labels.reduce(
      (sum, label, p) => sum + (label !== catalogue.imported[p] ? 1 : 0),
      0,
    );
    const disagreements = rankReviewQueue(
      source.predictions,
      source.labels,
      catalogue.labels,
      'disagreements',
      new Set(),
    ).length;
    return { decided: decidedPositions(catalogue.log), corrected, disagreements };
  }, [catalogue, source]);
  const corrected = summary?.corrected;
  useEffect(() => {
    if (corrected !== undefined) setCorrections(corrected);
  }, [corrected, setCorrections]);

  const queue = useMemo(() => {
    if (!catalogue || !source || !summary) return [];
    const excluded = new Set([...summary.decided, ...skipped]);
    return rankReviewQueue(source.predictions, source.labels, catalogue.labels, mode, excluded);
  }, [catalogue, source, summary, mode, skipped]);
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
  }, [itemPosition, model.datasetId, report]);
  const shownRow = shown && shown.position === itemPosition ? shown.row : null;
  const heldOut = useMemo(
    () => new Set(source?.predictions.heldOutPositions ?? []),
    [source?.predictions],
  );

  async function runCrossCheck() {
    if (!backend) return;
    setError(null);
    const done = await crossCheck.start((jobId, onProgress) =>
      worker
        .get()
        .api.crossCheckCatalogue(
          jobId,
          { modelId: model.id, folds: CROSS_CHECK_FOLDS, backend },
          onProgress,
        ),
    );
    if (done) await reload();
  }

  async function runQuick() {
    setError(null);
    const done = await quick.start((jobId, onProgress) =>
      worker.get().api.classifyCatalogue(jobId, model.id, onProgress),
    );
    if (done) await reload();
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
        reviewer: reviewerName(),
        modelId: model.id,
      });
      setCatalogue((current) => {
        if (!current) return current;
        const labels = [...current.labels];
        labels[entry.position] = entry.after;
        return { ...current, labels, log: [...current.log, entry] };
      });
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

  const suggestion = item && source ? (source.labels[item.suggested] as string) : '';
  const current = item && catalogue ? (catalogue.labels[item.position] as string) : '';
  const act = (key: ReviewKey) => {
    if (!item) return;
    if (key === 'accept')
      decide(suggestion === current ? 'keep' : 'accept', suggestion).catch(report);
    else if (key === 'keep') decide('keep', current).catch(report);
    else if (key === 'skip') decide('skip', current).catch(report);
    else if (key === 'undo') undo().catch(report);
    else setPicking(true);
  };
  useReviewKeys(!!item && !picking, act);

  const running =
    crossCheck.job.status === 'running'
      ? crossCheck
      : quick.job.status === 'running'
        ? quick
        : null;
  const runningJob = running?.job.status === 'running' ? running.job : null;
  const perMinute =
    pace && pace.decisions >= 3
      ? ((pace.decisions - 1) / (pace.last - pace.started)) * 60_000
      : null;

  return (
    <>
      {source === null && !runningJob && (
        <section className="card" aria-labelledby="cross-check-heading">
          <h2 id="cross-check-heading">{t('review.start.heading')}</h2>
          <p>{t('review.start.body', { folds: CROSS_CHECK_FOLDS })}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!backend}
              onClick={() => runCrossCheck().catch(report)}
            >
              {t('review.crossCheck', { products: count(dataset.rowCount) })}
            </button>
          </div>
          <Expert summary={t('review.quick.summary')}>
            <p className="muted">{t('review.quick.body')}</p>
            <button type="button" onClick={() => runQuick().catch(report)}>
              {t('review.quick.button')}
            </button>
          </Expert>
        </section>
      )}
      {runningJob && (
        <ProgressBar
          {...progressText(runningJob.progress, t)}
          onCancel={() => running?.cancel().catch(report)}
          cancelling={runningJob.cancelling}
        />
      )}
      {crossCheck.job.status === 'done' && (
        <Banner
          kind="success"
          title={t('review.crossChecked', {
            products: count(crossCheck.job.result.rows),
            folds: CROSS_CHECK_FOLDS,
            time: formatSeconds(crossCheck.job.result.seconds * 1000),
            disagreements: count(crossCheck.job.result.disagreements),
          })}
        />
      )}
      {quick.job.status === 'done' && (
        <Banner
          kind="success"
          title={t('review.classified', {
            products: count(quick.job.result.rows),
            time: formatSeconds(quick.job.result.seconds * 1000),
            disagreements: count(quick.job.result.disagreements),
          })}
        />
      )}
      {[crossCheck.job, quick.job].map((state, i) =>
        state.status === 'cancelled' ? (
          <Banner key={i} kind="info" title={t('review.stopped')}>
            {state.message && <p>{state.message}</p>}
          </Banner>
        ) : state.status === 'failed' ? (
          <ErrorNote key={i} code={state.code} message={state.message} />
        ) : null,
      )}

      {source && catalogue && (
        <section className="card" aria-labelledby="queue-heading">
          <h2 id="queue-heading">{t('review.queue.heading')}</h2>
          <p className="muted" data-testid="queue-source">
            {source.crossChecked
              ? t('review.queue.fromCrossCheck', {
                  folds: source.predictions.crossCheckFolds ?? CROSS_CHECK_FOLDS,
                })
              : t('review.queue.fromModel')}
          </p>
          {!source.crossChecked && !runningJob && (
            <Banner
              kind="warning"
              title={t('review.queue.weak')}
              actions={
                <button
                  type="button"
                  disabled={!backend}
                  onClick={() => runCrossCheck().catch(report)}
                >
                  {t('review.crossCheck', { products: count(dataset.rowCount) })}
                </button>
              }
            />
          )}
          <div className="tabs" role="tablist" aria-label={t('review.queue.label')}>
            {(
              [
                ['disagreements', t('review.queue.errors', { count: summary?.disagreements ?? 0 })],
                ['uncertain', t('review.queue.uncertain')],
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
          <p className="keys-help muted">
            {t('review.keys.before')} <kbd translate="no">A</kbd> {t('review.keys.accept')} ·{' '}
            <kbd translate="no">K</kbd> {t('review.keys.keep')} · <kbd translate="no">C</kbd>{' '}
            {t('review.keys.other')} · <kbd translate="no">S</kbd> {t('review.keys.skip')} ·{' '}
            <kbd translate="no">U</kbd> {t('review.keys.undo')}
          </p>
          {item ? (
            <div
              ref={cardRef}
              className="review-card"
              tabIndex={-1}
              data-testid="review-item"
              aria-label={t('review.card.label')}
              aria-live="polite"
            >
              {shownRow ? (
                <div translate="no">
                  <p className="review-title">{shownRow.title}</p>
                  {shownRow.description && (
                    <p className="muted">{shownRow.description.slice(0, 300)}</p>
                  )}
                </div>
              ) : (
                <p className="muted">{t('review.card.reading')}</p>
              )}
              <dl>
                <dt>{t('review.card.shopLabel')}</dt>
                <dd data-testid="review-current">
                  <Data>{current}</Data>
                </dd>
                <dt>{t('review.card.suggests')}</dt>
                <dd data-testid="review-suggestion">
                  <Data>{suggestion}</Data>{' '}
                  <span className="muted">{percent(item.confidence)}</span>
                </dd>
              </dl>
              {heldOut.has(item.position) && (
                <p className="muted small">{t('review.card.heldOut')}</p>
              )}
              <div className="actions review-actions">
                <button type="button" className="primary" onClick={() => act('accept')}>
                  <kbd translate="no">A</kbd> {t('review.card.accept')}
                </button>
                <button type="button" onClick={() => act('keep')}>
                  <kbd translate="no">K</kbd> {t('review.card.keep')}
                </button>
                <button type="button" onClick={() => act('pick')}>
                  <kbd translate="no">C</kbd> {t('review.card.other')}
                </button>
                <button type="button" onClick={() => act('skip')}>
                  <kbd translate="no">S</kbd> {t('review.card.skip')}
                </button>
                <button type="button" disabled={!undoStack.length} onClick={() => act('undo')}>
                  <kbd translate="no">U</kbd> {t('review.card.undo')}
                </button>
              </div>
              {picking && (
                <CategoryPicker
                  labels={source.labels}
                  onPick={(label) => {
                    setPicking(false);
                    cardRef.current?.focus();
                    decide(label === current ? 'keep' : 'relabel', label).catch(report);
                  }}
                  onClose={() => {
                    setPicking(false);
                    cardRef.current?.focus();
                  }}
                />
              )}
            </div>
          ) : (
            <Banner kind="success" title={t('review.queue.empty')} />
          )}
          <p className="muted" data-testid="review-counts">
            {t('review.counts', {
              queued: count(queue.length),
              decided: count(summary?.decided.size ?? 0),
              corrected: count(corrected ?? 0),
            })}
            {perMinute !== null &&
              ` · ${t('review.pace', { perMinute: count(Math.round(perMinute)) })}`}
          </p>
          {(corrected ?? 0) > 0 && (
            <>
              <NextStep to="train" primary={!item}>
                {t('review.next', { count: corrected ?? 0, n: count(corrected ?? 0) })}
              </NextStep>
              <NextStep to="label" primary={false}>
                {t('review.orLabel')}
              </NextStep>
            </>
          )}
          {(corrected ?? 0) === 0 && !item && <NextStep to="label" />}
        </section>
      )}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </>
  );
}
