import type {
  LifecycleApi,
  ProjectExport,
  ProjectImport,
  ProjectProgress,
} from '@shared/contracts/lifecycle.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { NOT_IN_PROJECT } from '@shared/lifecycle/project-contents.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { downloadBlob, formatBytes } from '../../common/file-download.ts';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { ZipFileInput } from '../../common/components/ZipFileInput.tsx';

interface ProjectTransferProps {
  worker: () => WorkerHandle<LifecycleApi>;
  restartWorker: () => void;
  /** Datasets or models arrived: read the lists again. */
  onImported: () => void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function JobProgress({
  progress,
  cancel,
  cancelling,
}: {
  progress: ProjectProgress | null;
  cancel: () => void;
  cancelling: boolean;
}) {
  return (
    <ProgressBar
      label={progress?.stage ?? 'Starting'}
      fraction={progress && progress.total > 0 ? progress.done / progress.total : null}
      etaMs={progress?.etaMs ?? null}
      onCancel={cancel}
      cancelling={cancelling}
    />
  );
}

/** The whole project (datasets, corrections, models) as one .zip, to move to another machine. */
export function ProjectTransfer({ worker, restartWorker, onImported }: ProjectTransferProps) {
  const controls = {
    cancel: (jobId: string) => worker().api.cancel(jobId),
    restart: restartWorker,
    terminatedMessage: 'The worker did not answer and was restarted.',
  };
  const exportJob = useWorkerJob<ProjectProgress, ProjectExport>('project-export', controls);
  const importJob = useWorkerJob<ProjectProgress, ProjectImport>('project-import', controls);
  const busy = exportJob.job.status === 'running' || importJob.job.status === 'running';

  async function exportProject() {
    importJob.reset();
    const result = await exportJob.start((jobId, onProgress) =>
      worker().api.exportProject(jobId, onProgress),
    );
    if (result)
      downloadBlob(`shelfwise-project-${new Date().toISOString().slice(0, 10)}.zip`, result.file);
  }

  async function importProject(file: File) {
    exportJob.reset();
    await importJob.start((jobId, onProgress) =>
      worker().api.importProject(jobId, file, onProgress),
    );
    onImported();
  }

  const { job: exported } = exportJob;
  const { job: imported } = importJob;
  return (
    <section className="card" aria-labelledby="project-heading">
      <h2 id="project-heading">Project</h2>
      <p className="muted">
        Move everything to another browser or machine: datasets with their corrections, review log
        and category mappings, and every text model. {NOT_IN_PROJECT}
      </p>
      <div className="registry-tools">
        <button type="button" disabled={busy} onClick={() => exportProject().catch(exportJob.fail)}>
          Export project
        </button>
        <ZipFileInput
          label="Project to import (.zip)"
          testId="project-file"
          disabled={busy}
          onFile={(file) => importProject(file).catch(importJob.fail)}
        />
      </div>
      {exported.status === 'running' && (
        <JobProgress
          progress={exported.progress}
          cancel={() => exportJob.cancel().catch(exportJob.fail)}
          cancelling={exported.cancelling}
        />
      )}
      {imported.status === 'running' && (
        <JobProgress
          progress={imported.progress}
          cancel={() => importJob.cancel().catch(importJob.fail)}
          cancelling={imported.cancelling}
        />
      )}
      {exported.status === 'done' && (
        <p className="ok" role="status" data-testid="project-done">
          Exported {plural(exported.result.datasets, 'dataset')} and{' '}
          {plural(exported.result.models, 'model')} ({formatBytes(exported.result.bytes)}).
        </p>
      )}
      {imported.status === 'done' && (
        <p className="ok" role="status" data-testid="project-done">
          Project imported: {plural(imported.result.datasets, 'dataset')} and{' '}
          {plural(imported.result.models, 'model')}.
          {imported.result.skipped.length > 0 &&
            ` Already in this browser, so left as they were: ${imported.result.skipped.join(', ')}.`}
        </p>
      )}
      {[exported, imported].map((job, i) =>
        job.status === 'failed' ? (
          <ErrorNote key={i} code={job.code} message={job.message} />
        ) : job.status === 'cancelled' ? (
          <p key={i} role="status">
            Cancelled. {job.message}
          </p>
        ) : null,
      )}
    </section>
  );
}
