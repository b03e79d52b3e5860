import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import {
  COLUMN_ROLES,
  REQUIRED_ROLES,
  type ColumnMapping,
  type ImportPreview,
  type ImportProgress,
} from '@shared/contracts/import.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { count } from '../../common/format.ts';
import { Banner } from '../../common/components/Banner.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ProblemList } from '../../common/components/ProblemList.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { FileFacts } from './FileFacts.tsx';
import { nameFromFile, uniqueName } from './dataset-name.ts';

/** The columns the owner maps here; photos are attached in their own place. */
const ROLES = COLUMN_ROLES.filter((role) => role !== 'image');

/** The stopped import that this file can continue: same name and same size. */
function importToContinue(file: File | null, incomplete: readonly DatasetRecord[]) {
  if (!file) return null;
  return incomplete.find((d) => d.fileName === file.name && d.source?.size === file.size) ?? null;
}

interface ImportPanelProps {
  onImported(dataset: DatasetRecord): void;
}

/** Choose a file, see what was detected, map its columns, name it and import it. */
export function ImportPanel({ onImported }: ImportPanelProps) {
  const { t } = useTranslation();
  const worker = useWorker('import');
  const { datasets } = useWorkspace();
  const incomplete = datasets.filter((d) => d.status === 'importing');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [name, setName] = useState('');
  /** Time from the start of the import to its latest progress report. */
  const [elapsedMs, setElapsedMs] = useState(0);
  const { job, start, cancel, reset, fail } = useWorkerJob<ImportProgress, DatasetRecord>(
    'import',
    {
      cancel: (jobId) => worker.get().api.cancel(jobId),
      restart: worker.restart,
      terminatedMessage: t('import.stopped'),
    },
  );

  async function choose(chosen: File | undefined) {
    setFile(chosen ?? null);
    setPreview(null);
    reset();
    if (!chosen) return;
    setName(
      uniqueName(
        nameFromFile(chosen.name),
        datasets.map((d) => d.name),
      ),
    );
    try {
      const result = await worker.get().api.preview(chosen);
      setPreview(result);
      setMapping(result.mapping);
    } catch (error) {
      fail(error);
    }
  }

  async function importFile() {
    if (!file) return;
    const started = Date.now();
    const dataset = await start(
      (jobId, onProgress) =>
        worker
          .get()
          .api.importCatalogue(
            jobId,
            { file, fileName: file.name, name: name.trim() || nameFromFile(file.name), mapping },
            onProgress,
          ),
      () => setElapsedMs(Date.now() - started),
    );
    if (dataset) {
      setPreview(null);
      onImported(dataset);
    }
  }

  async function resume(dataset: DatasetRecord) {
    if (!file) return;
    const result = await start((jobId, onProgress) =>
      worker
        .get()
        .api.resumeImport(jobId, { datasetId: dataset.id, file, fileName: file.name }, onProgress),
    );
    if (result) {
      setPreview(null);
      onImported(result);
    }
  }

  const running = job.status === 'running';
  const continuable = running ? null : importToContinue(file, incomplete);
  const missing = ROLES.filter((role) => REQUIRED_ROLES.includes(role) && !mapping[role]);
  const progress = running ? job.progress : null;
  const perSecond = progress && elapsedMs > 0 ? Math.round((progress.rows / elapsedMs) * 1000) : 0;
  return (
    <section className="card" aria-labelledby="import-file-heading">
      <h2 id="import-file-heading">{t('import.file.heading')}</h2>
      {incomplete.length > 0 && !continuable && (
        <Banner kind="warning" title={t('import.incomplete.title')}>
          <ul aria-label={t('import.incomplete.label')} className="plain-list">
            {incomplete.map((d) => (
              <li key={d.id}>
                {rich(
                  t('import.incomplete.item', {
                    file: slot('file'),
                    rows: count(d.rowCount),
                  }),
                  { file: <Data>{d.fileName}</Data> },
                )}{' '}
                {d.source ? t('import.incomplete.sameFile') : t('import.incomplete.again')}
              </li>
            ))}
          </ul>
        </Banner>
      )}
      <DropZone
        label={file ? t('import.file.another') : t('import.file.drop')}
        hint={t('import.file.hint')}
        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
        testId="catalogue-file"
        disabled={running}
        onFiles={(files) => choose(files[0]).catch(fail)}
      />
      {continuable && (
        <Banner
          kind="info"
          title={t('import.resume.title', { rows: count(continuable.rowCount) })}
          actions={
            <button
              type="button"
              className="primary"
              onClick={() => resume(continuable).catch(fail)}
            >
              {t('import.resume.button')}
            </button>
          }
        >
          <p>
            {rich(t('import.resume.body', { name: slot('name') }), {
              name: <Data>{continuable.name}</Data>,
            })}
          </p>
        </Banner>
      )}
      {preview && file && !running && (
        <div className="preview">
          <FileFacts file={file} preview={preview} />
          {preview.problems.length > 0 && <ProblemList problems={preview.problems} />}
          <fieldset className="column-mapping">
            <legend>{t('import.columns.legend')}</legend>
            <p className="muted">{t('import.columns.help')}</p>
            {ROLES.map((role) => {
              const required = REQUIRED_ROLES.includes(role);
              return (
                <label key={role}>
                  <span>
                    {t(`import.roles.${role}`)}
                    {required && <span className="required"> {t('import.columns.required')}</span>}
                  </span>
                  <select
                    aria-label={t('import.columns.select', { role: t(`import.roles.${role}`) })}
                    value={mapping[role] ?? ''}
                    onChange={(event) =>
                      setMapping({ ...mapping, [role]: event.target.value || undefined })
                    }
                  >
                    <option value="">{t('import.columns.none')}</option>
                    {preview.headers.map((header) => (
                      <option key={header} value={header} translate="no">
                        {header}
                      </option>
                    ))}
                  </select>
                </label>
              );
            })}
          </fieldset>
          <div className="table-scroll">
            <table className="sample" aria-label={t('import.sample')}>
              <thead>
                <tr>
                  {preview.headers.map((header) => (
                    <th key={header} translate="no">
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody translate="no">
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
          <label className="field">
            <span>{t('import.name.label')}</span>
            <input
              value={name}
              data-testid="dataset-name"
              onChange={(event) => setName(event.target.value)}
            />
            <span className="muted">{t('import.name.help')}</span>
          </label>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={missing.length > 0}
              onClick={() => importFile().catch(fail)}
            >
              {rich(t('import.file.import', { file: slot('file') }), {
                file: <Data>{file.name}</Data>,
              })}
            </button>
            {missing.length > 0 && (
              <span className="muted">
                {t('import.columns.missing', {
                  roles: missing
                    .map((role) => t(`import.roles.${role}`))
                    .join(t('common.listSeparator')),
                })}
              </span>
            )}
          </div>
        </div>
      )}
      {running && (
        <ProgressBar
          label={
            progress
              ? t('import.progress', { rows: count(progress.rows), perSecond: count(perSecond) })
              : t('import.checking')
          }
          fraction={progress ? progress.bytes / Math.max(1, progress.totalBytes) : null}
          etaMs={progress?.etaMs ?? null}
          onCancel={() => cancel().catch(fail)}
          cancelling={job.cancelling}
        />
      )}
      {job.status === 'done' && (
        <>
          <Banner
            kind="success"
            title={t('import.done', {
              rows: count(job.result.rowCount),
              categories: count(Object.keys(job.result.classCounts).length),
            })}
            testId="import-done"
          />
          {job.result.skippedRows > 0 && (
            <Banner
              kind="warning"
              title={t('import.skipped', {
                count: job.result.skippedRows,
                n: count(job.result.skippedRows),
              })}
            />
          )}
          {job.result.problems.length > 0 && <ProblemList problems={job.result.problems} />}
          <NextStep to="train" focus>
            {t('import.next')}
          </NextStep>
        </>
      )}
      {job.status === 'cancelled' && <Banner kind="info" title={t('import.cancelled')} />}
      {job.status === 'failed' && <ErrorNote code={job.code} message={job.message} />}
    </section>
  );
}
