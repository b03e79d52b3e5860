import { useEffect, useState } from 'react';
import type { DatasetRecord, ModelRecord, RunCheckpointRecord } from '../shared/db/schema.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type BackendName,
  type EpochSummary,
  type TrainOptions,
} from '../shared/model-types.ts';
import type { PresetEstimate, TrainApi, TrainJobProgress } from '../shared/worker-api.ts';
import type { TextPreset } from '../shared/deep-model-types.ts';
import { PresetChoice } from './PresetChoice.tsx';
import type { WorkerHandle } from '../bridge/workers.ts';
import { useWorkerJob } from '../app/use-worker-job.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { HistoryChart } from './HistoryChart.tsx';
import { appDb } from '../app/db.ts';
import { trainWithFallback } from '../app/backend-fallback.ts';

interface TrainPanelProps {
  dataset: DatasetRecord | null;
  unfinishedRuns: RunCheckpointRecord[];
  worker: () => WorkerHandle<TrainApi>;
  restartWorker: () => void;
  /** The backend to train on; null while it is being chosen. */
  backend: BackendName | null;
  onTrained: (model: ModelRecord) => void;
  onRunsChanged: () => void;
  /** The model a retrain with corrections starts from, and how many corrections there are. */
  currentModel: ModelRecord | null;
  corrections: number;
  /** A run moved to this backend after its own failed (device lost, out of memory). */
  onBackendFallback: (backend: BackendName) => void;
}

function progressLabel(progress: TrainJobProgress | null): {
  label: string;
  fraction: number | null;
  etaMs: number | null;
} {
  switch (progress?.kind) {
    case 'batch':
      return {
        label: `Epoch ${progress.epoch} of at most ${progress.epochs}, batch ${progress.batch}/${progress.batches}, loss ${progress.loss.toFixed(3)}`,
        fraction: (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs,
        etaMs: progress.etaMs,
      };
    case 'epoch':
      return {
        label: `Epoch ${progress.summary.epoch}: validation accuracy ${(progress.summary.validationAccuracy * 100).toFixed(1)}%`,
        fraction: progress.summary.epoch / progress.epochs,
        etaMs: progress.etaMs,
      };
    case 'checkpoint':
      return {
        label: `Checkpoint saved after epoch ${progress.epoch}`,
        fraction: null,
        etaMs: null,
      };
    case 'evaluate':
      return { label: 'Evaluating on the held-out rows', fraction: 1, etaMs: null };
    case 'prepare':
      return { label: progress.stage, fraction: null, etaMs: null };
    case 'pretrain':
      return {
        label: `Learning word meanings from the catalogue's texts: pass ${progress.epoch} of ${progress.epochs}`,
        fraction: progress.done,
        etaMs: progress.etaMs,
      };
    case 'deep':
      return {
        label: `Training the neural network: epoch ${progress.epoch} of ${progress.epochs}, loss ${progress.loss.toFixed(3)}`,
        fraction: progress.done,
        etaMs: progress.etaMs,
      };
    default:
      return { label: 'Starting', fraction: null, etaMs: null };
  }
}

export function TrainPanel({
  dataset,
  unfinishedRuns,
  worker,
  restartWorker,
  backend,
  onTrained,
  onRunsChanged,
  currentModel,
  corrections,
  onBackendFallback,
}: TrainPanelProps) {
  const [options, setOptions] = useState<TrainOptions>(DEFAULT_TRAIN_OPTIONS);
  const { job, start, cancel } = useWorkerJob<TrainJobProgress, ModelRecord>('train', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: restartWorker,
    terminatedMessage:
      'The worker did not answer and was restarted; resume from the last checkpoint.',
  });
  const [history, setHistory] = useState<EpochSummary[]>([]);
  const [fallbackNote, setFallbackNote] = useState<string | null>(null);
  // The owner's choice; until there is one, the estimate's suggestion.
  const [chosenPreset, setChosenPreset] = useState<TextPreset | null>(null);
  // Kept with the dataset and backend it was timed for, so a stale one is never shown.
  const [timed, setTimed] = useState<{ key: string; estimate: PresetEstimate } | null>(null);
  const datasetId = dataset?.id;
  const timingKey = `${datasetId}/${backend}`;
  const estimate = timed?.key === timingKey ? timed.estimate : null;
  const preset = chosenPreset ?? estimate?.recommended ?? 'fast';
  useEffect(() => {
    if (!datasetId || !backend) return;
    let current = true;
    worker()
      .api.estimatePresets(datasetId)
      .then((result) => {
        if (current) setTimed({ key: `${datasetId}/${backend}`, estimate: result });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
    // The worker handle is stable for a dataset and backend; a restart re-renders with a new one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, backend]);

  async function train(resumeRun?: RunCheckpointRecord, warmStartModelId?: string) {
    const datasetId = resumeRun?.datasetId ?? dataset?.id;
    if (!datasetId || !backend) return;
    setHistory(resumeRun?.checkpoint.history ?? []);
    setFallbackNote(null);
    let runId: string | undefined;
    const model = await start(
      (jobId, onProgress) =>
        trainWithFallback(
          { backend, resumeRunId: resumeRun?.runId },
          {
            train: (attempt) =>
              worker().api.train(
                jobId,
                { datasetId, options, warmStartModelId, preset, ...attempt },
                onProgress,
              ),
            runId: () => runId,
            checkpointEpoch: async (id) =>
              (await (await appDb()).get('checkpoints', id))?.checkpoint.epoch ?? null,
            restartWorker,
            onFallback: (notice) => {
              setFallbackNote(notice.message);
              setHistory((h) => h.filter((s) => s.epoch <= (notice.resumedAfterEpoch ?? 0)));
              onBackendFallback(notice.to);
            },
          },
        ),
      (progress) => {
        if (progress.kind === 'started') runId = progress.runId;
        if (progress.kind === 'epoch') setHistory((h) => [...h, progress.summary]);
        if (progress.kind === 'checkpoint') onRunsChanged();
      },
    );
    if (model) onTrained(model);
    onRunsChanged();
  }

  const number = (key: keyof TrainOptions, value: string) =>
    setOptions({ ...options, [key]: Number(value) });
  const busy = job.status === 'running';
  const { label, fraction, etaMs } = progressLabel(job.status === 'running' ? job.progress : null);
  return (
    <section className="card" aria-labelledby="train-heading">
      <h2 id="train-heading">Train</h2>
      <p className="muted">
        {dataset
          ? `On “${dataset.name}”: ${dataset.rowCount.toLocaleString()} products.`
          : 'Pick a dataset first.'}{' '}
        15% of each category is held out for the test figures, 10% for early stopping.
      </p>
      <PresetChoice value={preset} onChange={setChosenPreset} estimate={estimate} disabled={busy} />
      <details>
        <summary>Options</summary>
        <div className="options">
          <label>
            Max epochs
            <input
              type="number"
              min={1}
              max={200}
              placeholder="auto"
              value={options.epochs === 'auto' ? '' : options.epochs}
              onChange={(e) =>
                setOptions({ ...options, epochs: e.target.value ? Number(e.target.value) : 'auto' })
              }
            />
          </label>
          <label>
            Batch size
            <input
              type="number"
              min={8}
              max={4096}
              value={options.batchSize}
              onChange={(e) => number('batchSize', e.target.value)}
            />
          </label>
          <label>
            Learning rate
            <input
              type="number"
              step={0.005}
              min={0.0001}
              value={options.learningRate}
              onChange={(e) => number('learningRate', e.target.value)}
            />
          </label>
          <label>
            Patience
            <input
              type="number"
              min={1}
              value={options.patience}
              onChange={(e) => number('patience', e.target.value)}
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              value={options.seed}
              onChange={(e) => number('seed', e.target.value)}
            />
          </label>
          <label>
            Loss
            <select
              value={options.loss}
              onChange={(e) =>
                setOptions({ ...options, loss: e.target.value as TrainOptions['loss'] })
              }
            >
              <option value="squaredHinge">squared hinge (like a linear SVM)</option>
              <option value="softmax">softmax cross-entropy</option>
              <option value="focal">focal (down-weights easy products)</option>
            </select>
          </label>
          <label>
            Class weights
            <select
              value={options.classWeighting}
              onChange={(e) =>
                setOptions({
                  ...options,
                  classWeighting: e.target.value as TrainOptions['classWeighting'],
                })
              }
            >
              <option value="none">none</option>
              <option value="balanced">
                inverse frequency (strongest push to small categories)
              </option>
              <option value="sqrt">square-root inverse frequency (milder)</option>
              <option value="effective">effective number of samples</option>
            </select>
          </label>
          <label>
            Sampling
            <select
              value={options.sampling ?? 'shuffle'}
              onChange={(e) =>
                setOptions({ ...options, sampling: e.target.value as TrainOptions['sampling'] })
              }
            >
              <option value="shuffle">every product once per epoch</option>
              <option value="balanced">balanced: categories drawn equally</option>
            </select>
          </label>
          <label>
            Min. products per category
            <input
              type="number"
              min={1}
              value={options.minClassSize ?? 1}
              onChange={(e) => number('minClassSize', e.target.value)}
            />
          </label>
        </div>
      </details>
      <button
        type="button"
        className="primary"
        disabled={!dataset || busy || !backend}
        onClick={() => void train()}
      >
        Train
      </button>
      {currentModel && (
        <button
          type="button"
          disabled={busy || !backend}
          title="Starts from the model in use: same vocabulary, categories and held-out rows"
          onClick={() => void train(undefined, currentModel.id)}
        >
          {corrections > 0
            ? `Retrain with ${corrections} correction${corrections === 1 ? '' : 's'}`
            : 'Continue training this model'}
        </button>
      )}
      {unfinishedRuns.length > 0 && !busy && (
        <ul className="runs" aria-label="Unfinished runs">
          {unfinishedRuns.map((run) => (
            <li key={run.runId}>
              {run.warmStartModelId ? 'Retrain' : 'Run'} on “{run.datasetName}” stopped after epoch{' '}
              {run.checkpoint.epoch}.{' '}
              <button type="button" onClick={() => void train(run)} disabled={!backend}>
                Resume
              </button>
            </li>
          ))}
        </ul>
      )}
      {busy && (
        <ProgressBar
          label={label}
          fraction={fraction}
          etaMs={etaMs}
          onCancel={() => void cancel()}
          cancelling={job.cancelling}
        />
      )}
      {fallbackNote && (
        <p role="status" className="fallback-note" data-testid="backend-fallback">
          {fallbackNote}
        </p>
      )}
      {history.length > 0 && busy && <HistoryChart history={history} />}
      {job.status === 'done' && (
        <p role="status" className="ok" data-testid="train-done">
          Trained {job.result.preset === 'best' ? 'the Best model' : 'the Fast model'} in{' '}
          {(job.result.trainMs / 1000).toFixed(1)} s on {job.result.backend}
          {job.result.deepSummary
            ? ` (the neural network decides ${Math.round(job.result.deepSummary.weight * 100)}% of each answer)`
            : ''}
          {job.result.partial ? ' (stopped early by you; the best epoch so far was kept)' : ''}.
        </p>
      )}
      {job.status === 'cancelled' && <p role="status">Training cancelled. {job.message}</p>}
      {job.status === 'failed' && <ErrorNote code={job.code} message={job.message} />}
    </section>
  );
}
