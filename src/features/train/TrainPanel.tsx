import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { newId } from '@shared/ids.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord, RunCheckpointRecord } from '@shared/db/records/model.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type EpochSummary,
  type PresetEstimate,
  type TextPreset,
  type TrainJobProgress,
  type TrainOptions,
} from '@shared/contracts/train.ts';
import { useBackendChoice } from '../../app/backend-context.tsx';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { Expert } from '../../common/components/Expert.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { appDb } from '../../common/db.ts';
import { count, decimal, formatSeconds, percent } from '../../common/format.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { trainWithFallback, type FallbackNotice } from './backend-fallback.ts';
import { backendName, fallbackText } from './fallback-text.ts';
import { HistoryChart } from './HistoryChart.tsx';
import { PartialRun } from './PartialRun.tsx';
import { PresetChoice } from './PresetChoice.tsx';
import { TrainOptionsForm } from './TrainOptionsForm.tsx';

/** Without news from a run for this long, the owner is offered a way out. */
const STALL_MS = 60_000;

function progressLabel(progress: TrainJobProgress | null, t: TFunction) {
  switch (progress?.kind) {
    case 'batch':
      return {
        label: t('train.progress.batch', {
          epoch: count(progress.epoch),
          epochs: count(progress.epochs),
          batch: count(progress.batch),
          batches: count(progress.batches),
          loss: decimal(progress.loss),
        }),
        fraction: (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs,
        etaMs: progress.etaMs,
      };
    case 'epoch':
      return {
        label: t('train.progress.epoch', {
          epoch: count(progress.summary.epoch),
          accuracy: percent(progress.summary.validationAccuracy),
        }),
        fraction: progress.summary.epoch / progress.epochs,
        etaMs: progress.etaMs,
      };
    case 'checkpoint':
      return {
        label: t('train.progress.checkpoint', { epoch: count(progress.epoch) }),
        fraction: null,
        etaMs: null,
      };
    case 'evaluate':
      return { label: t('train.progress.evaluate'), fraction: 1, etaMs: null };
    case 'prepare':
      return { label: t(`train.stage.${progress.stage}`), fraction: null, etaMs: null };
    case 'pretrain':
      return {
        label: t('train.progress.pretrain', {
          epoch: count(progress.epoch),
          epochs: count(progress.epochs),
        }),
        fraction: progress.done,
        etaMs: progress.etaMs,
      };
    case 'deep':
      return {
        label: t('train.progress.deep', {
          epoch: count(progress.epoch),
          epochs: count(progress.epochs),
          loss: decimal(progress.loss),
        }),
        fraction: progress.done,
        etaMs: progress.etaMs,
      };
    default:
      return { label: t('train.progress.starting'), fraction: null, etaMs: null };
  }
}

/** The newest model of the catalogue the owner stopped early and has not decided about. */
function undecidedPartial(
  models: readonly ModelRecord[],
  datasetId: string,
  current: ModelRecord | null,
): ModelRecord | null {
  const own = models.filter((m) => m.datasetId === datasetId);
  const newestComplete = own.find((m) => !m.partial);
  const partial = own.find((m) => m.partial);
  if (!partial || partial.id === current?.id) return null;
  return newestComplete && newestComplete.createdAt > partial.createdAt ? null : partial;
}

interface TrainPanelProps {
  dataset: DatasetRecord;
  /** Something about the catalogue makes training pointless (said above the panel). */
  blocked: boolean;
}

/** Train, retrain with the owner's corrections, resume a run cut off, or stop one. */
export function TrainPanel({ dataset, blocked }: TrainPanelProps) {
  const { t } = useTranslation();
  const worker = useWorker('train');
  const { backend, switchForThisVisit } = useBackendChoice();
  const workspace = useWorkspace();
  const { runs, models, corrections, refresh, chooseModel, report } = workspace;
  const current = workspace.modelOfDataset;
  const [options, setOptions] = useState<TrainOptions>(DEFAULT_TRAIN_OPTIONS);
  const { job, start, cancel, fail, reset } = useWorkerJob<TrainJobProgress, ModelRecord>('train', {
    cancel: (jobId) => worker.get().api.cancel(jobId),
    restart: worker.restart,
    terminatedMessage: t('train.terminated'),
    ping: () => worker.get().api.tensorCount(),
  });
  const [history, setHistory] = useState<EpochSummary[]>([]);
  const [fallback, setFallback] = useState<FallbackNotice | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const running = job.status === 'running';
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(tick);
  }, [running]);
  // The owner's choice; until there is one, the estimate's suggestion.
  const [chosenPreset, setChosenPreset] = useState<TextPreset | null>(null);
  // Kept with the backend it was timed on, so a stale estimate is never shown.
  const [timed, setTimed] = useState<{ backend: string; estimate: PresetEstimate } | null>(null);
  const estimate = timed?.backend === backend ? timed.estimate : null;
  const preset = chosenPreset ?? estimate?.recommended ?? 'fast';
  // The timing in progress, stopped when a training starts: the two would share the worker.
  const estimateJob = useRef<string | null>(null);
  const estimateDone = useRef<Promise<unknown>>(Promise.resolve());
  const trainWorker = worker.get;
  useEffect(() => {
    if (!backend) return;
    let current = true;
    const jobId = newId('estimate');
    estimateJob.current = jobId;
    const timing = trainWorker().api.estimatePresets(jobId, dataset.id);
    estimateDone.current = timing.catch(() => undefined);
    timing
      .then((result) => {
        if (current) setTimed({ backend, estimate: result });
      })
      // Without an estimate both presets are still offered, with "timing…" beside them.
      .catch(() => undefined)
      .finally(() => {
        if (estimateJob.current === jobId) estimateJob.current = null;
      });
    return () => {
      current = false;
    };
  }, [dataset.id, backend, trainWorker]);

  /** Stops the timing and waits until it has let go of the worker and its backend. */
  async function stopEstimate() {
    if (estimateJob.current) worker.get().api.cancel(estimateJob.current).catch(report);
    estimateJob.current = null;
    await estimateDone.current;
  }

  async function train(resumeRun?: RunCheckpointRecord, warmStartModelId?: string) {
    const datasetId = resumeRun?.datasetId ?? dataset.id;
    if (!backend) return;
    await stopEstimate();
    setHistory(resumeRun?.checkpoint.history ?? []);
    setFallback(null);
    let runId: string | undefined;
    const model = await start(
      (jobId, onProgress) =>
        trainWithFallback(
          { backend, resumeRunId: resumeRun?.runId },
          {
            train: (attempt) =>
              worker
                .get()
                .api.train(
                  jobId,
                  { datasetId, options, warmStartModelId, preset, ...attempt },
                  onProgress,
                ),
            runId: () => runId,
            checkpointEpoch: async (id) =>
              (await (await appDb()).get('checkpoints', id))?.checkpoint.epoch ?? null,
            restartWorker: worker.restart,
            onFallback: (notice) => {
              setFallback(notice);
              setHistory((h) => h.filter((s) => s.epoch <= (notice.resumedAfterEpoch ?? 0)));
              switchForThisVisit(notice.to).catch(report);
            },
          },
        ),
      (progress) => {
        if (progress.kind === 'started') runId = progress.runId;
        if (progress.kind === 'epoch') setHistory((h) => [...h, progress.summary]);
        if (progress.kind === 'checkpoint') refresh().catch(report);
      },
    );
    await refresh();
    // A run the owner stopped is used only once they say so (PartialRun).
    if (model && !model.partial) chooseModel(model.id);
  }

  // A run that just finished decides the question: a complete one supersedes any stopped run
  // (the model list may not show it yet), a stopped one asks about itself.
  const partial =
    job.status === 'done'
      ? job.result.partial
        ? job.result
        : null
      : running
        ? null
        : undecidedPartial(models, dataset.id, current);
  const stalled = running && !job.cancelling && now - job.progressAt > STALL_MS;
  const { label, fraction, etaMs } = progressLabel(running ? job.progress : null, t);
  const retrain = current !== null && corrections > 0;
  const canTrain = !blocked && !running && backend !== null;
  const ownRuns = runs.filter((run) => run.datasetId === dataset.id || !run.datasetId);
  return (
    <section className="card" aria-labelledby="train-heading">
      <h2 id="train-heading">{t('train.heading')}</h2>
      <div className="train-how">
        <Expert summary={t('train.options.summary')} testId="train-options">
          <p className="muted">{t('train.options.help')}</p>
          <TrainOptionsForm options={options} onChange={setOptions} disabled={running} />
        </Expert>
      </div>
      <div className="actions">
        {retrain && (
          <button
            type="button"
            className="primary"
            disabled={!canTrain}
            onClick={() => train(undefined, current.id).catch(fail)}
          >
            {t('train.retrain', { count: corrections, n: count(corrections) })}
          </button>
        )}
        <button
          type="button"
          className={retrain ? undefined : 'primary'}
          disabled={!canTrain}
          onClick={() => train().catch(fail)}
        >
          {t('train.train')}
        </button>
        {current && !retrain && (
          <button
            type="button"
            disabled={!canTrain}
            title={t('train.continueHelp')}
            onClick={() => train(undefined, current.id).catch(fail)}
          >
            {t('train.continue')}
          </button>
        )}
        {!backend && <span className="muted">{t('train.waitingForBackend')}</span>}
      </div>
      {/* After the buttons, so the step's action stays a Tab or two from its title. */}
      <PresetChoice
        value={preset}
        onChange={setChosenPreset}
        estimate={estimate}
        disabled={running}
      />
      {ownRuns.length > 0 && !running && (
        <ul className="runs" aria-label={t('train.runs.label')}>
          {ownRuns.map((run) => (
            <li key={run.runId}>
              {rich(
                t(run.warmStartModelId ? 'train.runs.retrain' : 'train.runs.run', {
                  name: slot('name'),
                  epoch: count(run.checkpoint.epoch),
                }),
                { name: <Data>{run.datasetName}</Data> },
              )}{' '}
              <button type="button" onClick={() => train(run).catch(fail)} disabled={!backend}>
                {t('train.runs.resume')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {running && (
        <ProgressBar
          label={label}
          fraction={fraction}
          etaMs={etaMs}
          onCancel={() => cancel().catch(fail)}
          cancelling={job.cancelling}
        />
      )}
      {stalled && (
        <Banner
          kind="warning"
          title={t('train.stalled.title')}
          actions={
            <button
              type="button"
              onClick={() => {
                worker.restart();
                reset();
              }}
            >
              {t('train.stalled.restart')}
            </button>
          }
        >
          <p>{t('train.stalled.body')}</p>
        </Banner>
      )}
      {fallback && (
        <p role="status" className="banner banner-warning" data-testid="backend-fallback">
          {fallbackText(fallback, t)}
        </p>
      )}
      {history.length > 0 && running && <HistoryChart history={history} />}
      {job.status === 'done' && !job.result.partial && (
        <>
          <Banner
            kind="success"
            testId="train-done"
            title={
              job.result.deepSummary
                ? t('train.doneBest', {
                    time: formatSeconds(job.result.trainMs),
                    backend: backendName(job.result.backend, t),
                    share: percent(job.result.deepSummary.weight, 0),
                  })
                : t('train.done', {
                    time: formatSeconds(job.result.trainMs),
                    backend: backendName(job.result.backend, t),
                  })
            }
          >
            <p>
              {t('train.doneAccuracy', {
                accuracy: percent(job.result.evaluation.metrics.accuracy),
                products: count(job.result.evaluation.testRows),
              })}
            </p>
          </Banner>
          <NextStep to="check" focus>
            {job.result.comparison ? t('train.nextRetrained') : t('train.next')}
          </NextStep>
        </>
      )}
      {partial && (
        <>
          {job.status === 'done' && (
            <p className="muted" data-testid="train-done">
              {t('train.stoppedEarly', { backend: backendName(partial.backend, t) })}
            </p>
          )}
          <PartialRun model={partial} onDecided={reset} />
        </>
      )}
      {job.status === 'cancelled' && (
        <Banner kind="info" title={t('train.cancelled')}>
          {job.message && <p>{job.message}</p>}
        </Banner>
      )}
      {job.status === 'failed' && <ErrorNote code={job.code} message={job.message} />}
    </section>
  );
}
