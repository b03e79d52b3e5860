import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueProgress, CatalogueSummary } from '@shared/contracts/classify.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import { readAutoLabelThreshold } from '@shared/db/evaluation-store.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { appDb } from '../../common/db.ts';
import { count, dateTime, formatSeconds, percent } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { readCatalogue } from '../review/review-sources.ts';
import { labelSummary, type LabelSummary } from './label-summary.ts';

/** Step 5: the model labels every product; the ones it is unsure of are marked for a look. */
export function LabelScreen() {
  const { t } = useTranslation();
  const { modelOfDataset, dataset } = useWorkspace();
  if (!modelOfDataset || !dataset)
    return (
      <ScreenFrame screen="label">
        <EmptyState title={t('label.empty.title')} go={dataset ? 'train' : 'import'}>
          <p>{t('label.empty.body')}</p>
        </EmptyState>
      </ScreenFrame>
    );
  return <LabelModel key={modelOfDataset.id} model={modelOfDataset} />;
}

interface Labelled {
  predictions: CataloguePredictionsRecord;
  summary: LabelSummary;
}

function LabelModel({ model }: { model: ModelRecord }) {
  const { t } = useTranslation();
  const worker = useWorker('classify');
  const { dataset, report } = useWorkspace();
  const [threshold, setThreshold] = useState<number | null>(null);
  const [labelled, setLabelled] = useState<Labelled | null | undefined>(undefined);
  const { job, start, cancel, fail } = useWorkerJob<CatalogueProgress, CatalogueSummary>('label', {
    cancel: (jobId) => worker.get().api.cancel(jobId),
    restart: worker.restart,
    terminatedMessage: t('review.terminated'),
    ping: () => worker.get().api.tensorCount(),
  });

  const read = useCallback(async () => {
    const db = await appDb();
    const [predictions, chosen] = await Promise.all([
      db.get('cataloguePredictions', model.id),
      readAutoLabelThreshold(db, model.id),
    ]);
    setThreshold(chosen);
    if (!predictions) {
      setLabelled(null);
      return;
    }
    const { labels } = await readCatalogue(model.datasetId);
    setLabelled({ predictions, summary: labelSummary(predictions, model.labels, labels, chosen) });
  }, [model]);

  useEffect(() => {
    const load = async () => {
      await read();
    };
    load().catch(report);
  }, [read, report]);

  async function labelAll() {
    const done = await start((jobId, onProgress) =>
      worker.get().api.classifyCatalogue(jobId, model.id, onProgress),
    );
    if (done) await read();
  }

  const running = job.status === 'running' ? job : null;
  const progress = running?.progress;
  const summary = labelled?.summary;
  const products = dataset?.rowCount ?? 0;
  const lead = summary
    ? t('label.leadDone', {
        automatic: count(summary.automatic),
        share: percent(summary.automatic / Math.max(1, summary.products)),
        forReview: count(summary.forReview),
      })
    : t('label.lead', {
        products: count(products),
        threshold: percent(threshold ?? 0.8, 0),
      });
  return (
    <ScreenFrame
      screen="label"
      lead={lead}
      about={
        <>
          <p>{t('label.about.threshold')}</p>
          <p>{t('label.about.yourLabels')}</p>
        </>
      }
    >
      <section className="card" aria-labelledby="label-heading">
        <h2 id="label-heading">
          {rich(t('label.heading', { name: slot('name') }), {
            name: <Data>{displayModelName(model)}</Data>,
          })}
        </h2>
        <div className="actions">
          <button
            type="button"
            className={summary ? undefined : 'primary'}
            disabled={!!running}
            onClick={() => labelAll().catch(fail)}
          >
            {summary ? t('label.again') : t('label.button', { products: count(products) })}
          </button>
        </div>
        {running && (
          <ProgressBar
            label={
              progress && progress.kind === 'classify'
                ? t('review.progress.classify', {
                    done: count(progress.done),
                    total: count(progress.total),
                  })
                : t('review.progress.reading')
            }
            fraction={
              progress && progress.kind === 'classify' ? progress.done / progress.total : null
            }
            etaMs={progress?.etaMs ?? null}
            onCancel={() => cancel().catch(fail)}
            cancelling={running.cancelling}
          />
        )}
        {job.status === 'done' && (
          <Banner
            kind="success"
            testId="label-done"
            title={t('label.done', {
              products: count(job.result.rows),
              time: formatSeconds(job.result.seconds * 1000),
            })}
          />
        )}
        {job.status === 'cancelled' && <Banner kind="info" title={t('label.stopped')} />}
        {job.status === 'failed' && <ErrorNote code={job.code} message={job.message} />}
        {summary && labelled && (
          <>
            <dl className="figures" data-testid="label-summary">
              <div>
                <dt>{t('label.automatic')}</dt>
                <dd>{count(summary.automatic)}</dd>
              </div>
              <div>
                <dt>{t('label.forReview')}</dt>
                <dd>{count(summary.forReview)}</dd>
              </div>
              <div>
                <dt>{t('label.changed')}</dt>
                <dd>{count(summary.changed)}</dd>
              </div>
            </dl>
            <p className="muted">
              {t('label.when', {
                date: dateTime(labelled.predictions.createdAt),
                threshold: percent(threshold ?? 0.8, 0),
              })}
            </p>
            <NextStep to="export" focus={job.status === 'done'}>
              {t('label.next')}
            </NextStep>
          </>
        )}
      </section>
    </ScreenFrame>
  );
}
