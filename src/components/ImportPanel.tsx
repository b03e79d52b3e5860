import { useState } from 'react';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import {
  COLUMN_ROLES,
  DELIMITERS,
  ENCODING_LABELS,
  REQUIRED_ROLES,
  TEXT_ENCODINGS,
  type ColumnMapping,
  type ColumnRole,
  type ImportPreview,
  type ImportProgress,
  type ImportApi,
  type ReadOptions,
  type TextEncodingName,
} from '@shared/contracts/import.ts';
import { TAXONOMY_BASE_URL } from '../app/taxonomies.ts';
import type { WorkerHandle } from '../bridge/workers.ts';
import { useWorkerJob } from '../app/use-worker-job.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { ProblemList } from './ProblemList.tsx';

const ROLE_LABELS: Record<ColumnRole, string> = {
  id: 'Product id',
  title: 'Title',
  description: 'Description',
  category: 'Category',
  image: 'Image',
};
/** Every new string this panel shows about how the file is read, in one place. */
const READ_TEXT = {
  hint: 'CSV, TSV or other delimited text, Excel (XLSX, XLS) or OpenDocument (ODS) spreadsheets, Shopify and WooCommerce product exports, Google Merchant Center feeds (XML or TSV), JSON or JSON Lines. The file is read on this machine only.',
  encoding: 'Encoding',
  delimiter: 'Delimiter',
  sheet: 'Sheet',
  lookup: 'Category codes from sheet',
  noLookup: '(no lookup)',
  sampleLine: 'Sample line as read:',
  suggested: '(suggested)',
  sameColumn: 'The title and the category must be different columns.',
  noCategory:
    'No category column: every product is imported unlabelled, to be classified by a model trained on another dataset.',
  unlabelled: (count: number) => `, ${count.toLocaleString()} of them unlabelled`,
  grouped: (products: number, rows: number) =>
    `: ${products.toLocaleString()} products in ${rows.toLocaleString()} rows`,
};
const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma (,)',
  '\t': 'tab',
  ';': 'semicolon (;)',
  '|': 'pipe (|)',
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

/**
 * The stopped import that this file can continue: same name, size and last-modified time (the
 * worker also compares a hash of the first bytes before it continues).
 */
function importToContinue(file: File | null, incomplete: readonly DatasetRecord[]) {
  if (!file) return null;
  return (
    incomplete.find(
      (d) =>
        d.fileName === file.name &&
        d.source?.size === file.size &&
        (!d.source.lastModified || d.source.lastModified === file.lastModified),
    ) ?? null
  );
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
  /** What the owner chose about reading the file (encoding, delimiter, sheets). */
  const [readOptions, setReadOptions] = useState<ReadOptions>({});
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

  async function choose(chosen: File | null, options: ReadOptions = {}) {
    setFile(chosen);
    setPreview(null);
    setReadOptions(options);
    reset();
    if (!chosen) return;
    try {
      const result = await worker().api.preview(chosen, {
        options,
        taxonomyBaseUrl: TAXONOMY_BASE_URL,
      });
      setPreview(result);
      setMapping(result.mapping);
    } catch (error) {
      fail(error);
    }
  }

  /** Reads the file again with one reading choice changed. */
  const reread = (change: ReadOptions) => choose(file, { ...readOptions, ...change }).catch(fail);

  async function start() {
    if (!file) return;
    const name = file.name.replace(/\.(csv|tsv|txt|xlsx|xls|ods|xml|json|jsonl)$/i, '');
    const started = Date.now();
    const dataset = await startJob(
      (jobId, onProgress) =>
        worker().api.importCatalogue(
          jobId,
          {
            file,
            fileName: file.name,
            name,
            mapping,
            // As previewed: the detected encoding, delimiter, sheet and lookup, and the owner's choices.
            options: { ...(preview?.options ?? {}), ...readOptions },
            taxonomyBaseUrl: TAXONOMY_BASE_URL,
          },
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
        { datasetId: dataset.id, file, fileName: file.name, taxonomyBaseUrl: TAXONOMY_BASE_URL },
        onProgress,
      ),
    );
    if (result) onImported(result);
  }

  const continuable = job.status === 'running' ? null : importToContinue(file, incompleteImports);
  const missing = ROLES.filter((r) => r.required && !mapping[r.role]);
  const sameColumn = !!mapping.title && mapping.title === mapping.category;
  const candidates = preview?.labelCandidates ?? [];
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a catalogue</h2>
      <p className="muted">{READ_TEXT.hint}</p>
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
        accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,.xml,.json,.jsonl,text/csv,text/tab-separated-values"
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
          <p role="status" data-testid="import-summary">
            {preview.summary}
          </p>
          <fieldset className="read-options">
            {preview.encoding && (
              <label>
                {READ_TEXT.encoding}{' '}
                <select
                  aria-label="Encoding"
                  value={preview.encoding}
                  onChange={(event) => reread({ encoding: event.target.value as TextEncodingName })}
                >
                  {TEXT_ENCODINGS.map((encoding) => (
                    <option key={encoding} value={encoding}>
                      {ENCODING_LABELS[encoding]}
                      {preview.encodingCandidates[0]?.encoding === encoding
                        ? ` ${READ_TEXT.suggested}`
                        : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {preview.delimiter !== null && (
              <label>
                {READ_TEXT.delimiter}{' '}
                <select
                  aria-label="Delimiter"
                  value={preview.delimiter}
                  onChange={(event) => reread({ delimiter: event.target.value })}
                >
                  {DELIMITERS.map((delimiter) => (
                    <option key={delimiter} value={delimiter}>
                      {DELIMITER_NAMES[delimiter]}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {preview.sheets.length > 0 && (
              <label>
                {READ_TEXT.sheet}{' '}
                <select
                  aria-label="Sheet"
                  value={preview.sheet ?? ''}
                  onChange={(event) =>
                    reread({ sheet: event.target.value, lookupSheet: undefined })
                  }
                >
                  {preview.sheets.map((sheet) => (
                    <option key={sheet}>{sheet}</option>
                  ))}
                </select>
              </label>
            )}
            {preview.sheets.length > 1 && (
              <label>
                {READ_TEXT.lookup}{' '}
                <select
                  aria-label="Category lookup sheet"
                  value={preview.options.lookupSheet ?? ''}
                  onChange={(event) => reread({ lookupSheet: event.target.value })}
                >
                  <option value="">{READ_TEXT.noLookup}</option>
                  {preview.sheets
                    .filter((sheet) => sheet !== preview.sheet)
                    .map((sheet) => (
                      <option key={sheet}>{sheet}</option>
                    ))}
                </select>
              </label>
            )}
          </fieldset>
          {preview.sampleLine && (
            <p className="muted sample-line">
              {READ_TEXT.sampleLine} <code data-testid="sample-line">{preview.sampleLine}</code>
            </p>
          )}
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
                  {(role === 'category'
                    ? [...candidates, ...preview.headers.filter((h) => !candidates.includes(h))]
                    : preview.headers
                  ).map((header) => (
                    <option key={header} value={header}>
                      {header}
                      {role === 'category' && candidates.includes(header) && candidates.length > 1
                        ? ` ${READ_TEXT.suggested}`
                        : ''}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          {sameColumn && <p className="warn">{READ_TEXT.sameColumn}</p>}
          {!mapping.category && <p className="muted">{READ_TEXT.noCategory}</p>}
          {/* Once imported, the result lists every problem; the preview's would repeat them. */}
          {preview.problems.length > 0 && job.status !== 'done' && (
            <ProblemList problems={preview.problems} />
          )}
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
            disabled={missing.length > 0 || sameColumn || job.status === 'running'}
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
          {(job.result.unlabelledCount ?? 0) > 0 &&
            READ_TEXT.unlabelled(job.result.unlabelledCount ?? 0)}
          {job.result.skippedRows > 0 && `; ${job.result.skippedRows} rows skipped (see below)`}.
          {job.result.format && (
            <span className="muted" data-testid="imported-format">
              {' '}
              {job.result.format.name}
              {job.result.format.layout !== 'generic' &&
              job.result.sourceRows !== undefined &&
              job.result.sourceRows !== job.result.rowCount
                ? READ_TEXT.grouped(job.result.rowCount, job.result.sourceRows)
                : ''}
              .
            </span>
          )}
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
