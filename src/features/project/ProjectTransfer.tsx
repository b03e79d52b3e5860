import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ProjectExport, ProjectImport, ProjectProgress } from '@shared/contracts/lifecycle.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { downloadBlob } from '../../common/file-download.ts';
import { count, formatBytes } from '../../common/format.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { Data } from '../../i18n/rich.tsx';

function stageText(progress: ProjectProgress | null, t: TFunction): string {
  if (!progress) return t('project.stage.starting');
  return t(`project.stage.${progress.stage}`, { name: progress.name ?? '' });
}

/** The whole project (datasets, corrections, models) as one .zip, to move to another machine. */
export function ProjectTransfer() {
  const { t } = useTranslation();
  const worker = useWorker('lifecycle');
  const { refresh, report } = useWorkspace();
  const controls = {
    cancel: (jobId: string) => worker.get().api.cancel(jobId),
    restart: worker.restart,
    terminatedMessage: t('project.terminated'),
  };
  const exportJob = useWorkerJob<ProjectProgress, ProjectExport>('project-export', controls);
  const importJob = useWorkerJob<ProjectProgress, ProjectImport>('project-import', controls);
  const busy = exportJob.job.status === 'running' || importJob.job.status === 'running';

  async function exportProject() {
    importJob.reset();
    const result = await exportJob.start((jobId, onProgress) =>
      worker.get().api.exportProject(jobId, onProgress),
    );
    if (result)
      downloadBlob(`shelfwise-project-${new Date().toISOString().slice(0, 10)}.zip`, result.file);
  }

  async function importProject(file: File) {
    exportJob.reset();
    await importJob.start((jobId, onProgress) =>
      worker.get().api.importProject(jobId, file, onProgress),
    );
    await refresh();
  }

  const { job: exported } = exportJob;
  const { job: imported } = importJob;
  const running =
    exported.status === 'running' ? exportJob : imported.status === 'running' ? importJob : null;
  const runningJob = running?.job.status === 'running' ? running.job : null;
  return (
    <>
      <section className="card" aria-labelledby="project-export-heading">
        <h2 id="project-export-heading">{t('project.export.heading')}</h2>
        <p>{t('project.export.body')}</p>
        <p className="muted">{t('project.leftOut')}</p>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => exportProject().catch(exportJob.fail)}
        >
          {t('project.export.button')}
        </button>
      </section>
      <section className="card" aria-labelledby="project-import-heading">
        <h2 id="project-import-heading">{t('project.import.heading')}</h2>
        <p className="muted">{t('project.import.body')}</p>
        <DropZone
          label={t('project.import.drop')}
          accept=".zip,application/zip"
          testId="project-file"
          disabled={busy}
          compact
          onFiles={(files) => files[0] && importProject(files[0]).catch(importJob.fail)}
        />
      </section>
      {runningJob && (
        <ProgressBar
          label={stageText(runningJob.progress, t)}
          fraction={
            runningJob.progress && runningJob.progress.total > 0
              ? runningJob.progress.done / runningJob.progress.total
              : null
          }
          etaMs={runningJob.progress?.etaMs ?? null}
          onCancel={() => running?.cancel().catch(report)}
          cancelling={runningJob.cancelling}
        />
      )}
      {exported.status === 'done' && (
        <Banner kind="success" testId="project-done">
          <p>
            {t('project.exported', {
              datasets: t('project.datasets', {
                count: exported.result.datasets,
                n: count(exported.result.datasets),
              }),
              models: t('project.models', {
                count: exported.result.models,
                n: count(exported.result.models),
              }),
              size: formatBytes(exported.result.bytes),
            })}
          </p>
        </Banner>
      )}
      {imported.status === 'done' && (
        <Banner kind="success" testId="project-done">
          <p>
            {t('project.imported', {
              datasets: t('project.datasets', {
                count: imported.result.datasets,
                n: count(imported.result.datasets),
              }),
              models: t('project.models', {
                count: imported.result.models,
                n: count(imported.result.models),
              }),
            })}
            {imported.result.skipped.length > 0 && (
              <>
                {' '}
                {t('project.skipped')} <Data>{imported.result.skipped.join(', ')}</Data>.
              </>
            )}
          </p>
        </Banner>
      )}
      {[exported, imported].map((job, i) =>
        job.status === 'failed' ? (
          <ErrorNote key={i} code={job.code} message={job.message} />
        ) : job.status === 'cancelled' ? (
          <Banner key={i} kind="info" title={t('project.cancelled')}>
            {job.message && <p>{job.message}</p>}
          </Banner>
        ) : null,
      )}
    </>
  );
}
