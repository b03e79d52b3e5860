import { useState } from 'react';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import {
  COLUMN_ROLES,
  REQUIRED_ROLES,
  type ColumnMapping,
  type ColumnRole,
  type ImportPreview,
  type ImportProgress,
  type ImportApi,
} from '@shared/contracts/import.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { ProblemList } from '../../common/components/ProblemList.tsx';

const ROLE_LABELS: Record<ColumnRole, string> = {
  id: 'Product id',
  title: 'Title',
  description: 'Description',
  category: 'Category',
  image: 'Image',
};
/** The columns the owner maps here; photos are attached in their own panel. */
const ROLES = COLUMN_ROLES.filter((role) => role !== 'image').map((role) => ({
  role,
  label: ROLE_LABELS[role],
  required: REQUIRED_ROLES.includes(role),
}));
/** Rows per second and the time left, from the share of the file's bytes parsed so far. */
function importProgressText(progress: ImportProgress | null, elapsedMs: number) {
  if (!progress) return { label: 'Checking the file', fraction: null, etaMs: null };
  const fraction = progress.bytes / Math.max(1, progress.totalBytes);
  const perSecond = elapsedMs > 0 ? Math.round((progress.rows / elapsedMs) * 1000) : 0;
  return {
    label: `Imported ${progress.rows.toLocaleString()} rows (${perSecond.toLocaleString()} rows/s)`,
    fraction,
    etaMs: progress.etaMs,
  };
}

interface ImportPanelProps {
  worker: () => WorkerHandle<ImportApi>;
  restartWorker: () => void;
  onImported: (dataset: DatasetRecord) => void;
  /** Imports that stopped part-way (status 'importing'), which the same file can continue. */
  incompleteImports: DatasetRecord[];
}

/** The stopped import that this file can continue: same name and same size. */
function importToContinue(file: File | null, incomplete: readonly DatasetRecord[]) {
  if (!file) return null;
  return incomplete.find((d) => d.fileName === file.name && d.source?.size === file.size) ?? null;
}

export function ImportPanel({
  worker,
  restartWorker,
  onImported,
  incompleteImports,
}: ImportPanelProps) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  /** Time from the start of the import to its latest progress report. */
  const [elapsedMs, setElapsedMs] = useState(0);
  const {
    job,
    start: startJob,
    cancel,
    reset,
    fail,
  } = useWorkerJob<ImportProgress, DatasetRecord>('import', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: restartWorker,
    terminatedMessage: 'The import was stopped.',
  });

  async function choose(chosen: File | null) {
    setFile(chosen);
    setPreview(null);
    reset();
    if (!chosen) return;
    try {
      const result = await worker().api.preview(chosen);
      setPreview(result);
      setMapping(result.mapping);
    } catch (error) {
      fail(error);
    }
  }

  async function start() {
    if (!file) return;
    const name = file.name.replace(/\.(csv|tsv|txt)$/i, '');
    const started = Date.now();
    const dataset = await startJob(
      (jobId, onProgress) =>
        worker().api.importCatalogue(
          jobId,
          { file, fileName: file.name, name, mapping },
          onProgress,
        ),
      () => setElapsedMs(Date.now() - started),
    );
    if (dataset) onImported(dataset);
  }

  async function resume(dataset: DatasetRecord) {
    if (!file) return;
    const result = await startJob((jobId, onProgress) =>
      worker().api.resumeImport(
        jobId,
        { datasetId: dataset.id, file, fileName: file.name },
        onProgress,
      ),
    );
    if (result) onImported(result);
  }

  const continuable = job.status === 'running' ? null : importToContinue(file, incompleteImports);
  const missing = ROLES.filter((r) => r.required && !mapping[r.role]);
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a catalogue</h2>
      <p className="muted">CSV or TSV with a header row. The file is read on this machine only.</p>
      {incompleteImports.length > 0 && !continuable && (
        <ul className="incomplete-imports" aria-label="Stopped imports">
          {incompleteImports.map((d) => (
            <li key={d.id}>
              The import of “{d.fileName}” stopped after {d.rowCount.toLocaleString()} rows; those
              rows are kept.{' '}
              {d.source
                ? 'Choose the same file to continue where it stopped.'
                : 'Import the file again to get the rest.'}
            </li>
          ))}
        </ul>
      )}
      <input
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
        aria-label="Catalogue file"
        data-testid="catalogue-file"
        onChange={(event) => choose(event.target.files?.[0] ?? null).catch(fail)}
      />
      {continuable && (
        <div className="resume-import" role="status">
          <p>
            This file’s import stopped after {continuable.rowCount.toLocaleString()} rows (in “
            {continuable.name}”).
          </p>
          <button type="button" className="primary" onClick={() => resume(continuable).catch(fail)}>
            Continue importing
          </button>{' '}
          <span className="muted">or import it again as a new dataset below.</span>
        </div>
      )}
      {preview && (
        <div className="preview">
          <fieldset className="mapping">
            <legend>Columns</legend>
            {ROLES.map(({ role, label, required }) => (
              <label key={role}>
                {label}
                {required && ' *'}
                <select
                  aria-label={`${label} column`}
                  value={mapping[role] ?? ''}
                  onChange={(event) =>
                    setMapping({ ...mapping, [role]: event.target.value || undefined })
                  }
                >
                  <option value="">(none)</option>
                  {preview.headers.map((header) => (
                    <option key={header} value={header}>
                      {header}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <p className="muted">
            Read as {preview.encoding}, separated by{' '}
            {preview.delimiter === '\t' ? 'tabs' : `"${preview.delimiter}"`}.
          </p>
          {preview.problems.length > 0 && <ProblemList problems={preview.problems} />}
          <div className="table-scroll">
            <table className="sample">
              <thead>
                <tr>
                  {preview.headers.map((header) => (
                    <th key={header}>{header}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.slice(0, 5).map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, c) => (
                      <td key={c}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button
            type="button"
            className="primary"
            disabled={missing.length > 0 || job.status === 'running'}
            onClick={() => start().catch(fail)}
          >
            Import {file?.name}
          </button>
          {missing.length > 0 && (
            <span className="muted">
              {' '}
              Choose a column for {missing.map((m) => m.label).join(' and ')}.
            </span>
          )}
        </div>
      )}
      {job.status === 'running' && (
        <ProgressBar
          {...importProgressText(job.progress, elapsedMs)}
          onCancel={() => cancel().catch(fail)}
          cancelling={job.cancelling}
        />
      )}
      {job.status === 'done' && (
        <div role="status" className="ok">
          Imported {job.result.rowCount.toLocaleString()} rows in{' '}
          {Object.keys(job.result.classCounts).length} categories
          {job.result.skippedRows > 0 && `; ${job.result.skippedRows} rows skipped (see below)`}.
          {job.result.problems.length > 0 && <ProblemList problems={job.result.problems} />}
        </div>
      )}
      {job.status === 'cancelled' && (
        <p role="status">
          Import cancelled. Rows already stored are kept in an “importing” dataset.
        </p>
      )}
      {job.status === 'failed' && <ErrorNote code={job.code} message={job.message} />}
    </section>
  );
}
