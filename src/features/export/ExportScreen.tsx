import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CataloguePredictionsRecord, ReviewLogRecord } from '@shared/db/records/review.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { TaxonomyInfo } from '@shared/taxonomy/standard-taxonomy.ts';
import { readReviewLog } from '@shared/db/corrections.ts';
import { decisionExportRows } from '@shared/review/export-rows.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useScreenHref } from '../../app/routes.ts';
import { Banner } from '../../common/components/Banner.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { downloadCsv } from '../../common/csv-download.ts';
import { writeCsvStream } from '../../common/csv-stream.ts';
import { appDb } from '../../common/db.ts';
import { downloadBlob, fileSlug } from '../../common/file-download.ts';
import { count } from '../../common/format.ts';
import { rich, slot } from '../../i18n/rich.tsx';
import { isConfirmed, readMapping } from '../taxonomy/category-mappings.ts';
import { listTaxonomies, loadTaxonomy } from '../taxonomy/taxonomies.ts';
import { standardExportCsv } from '../taxonomy/standard-export.ts';
import { taxonomyName } from '../taxonomy/taxonomy-name.ts';
import { predictionCsvPieces } from './export-predictions.ts';

interface Stored {
  predictions: CataloguePredictionsRecord | null;
  log: ReviewLogRecord[];
  taxonomy: TaxonomyInfo | null;
  mapping: CategoryMappingRecord | null;
}

/** Step 6: the labelled catalogue, and the other files the owner may take away. */
export function ExportScreen() {
  const { t } = useTranslation();
  const { dataset, modelOfDataset } = useWorkspace();
  return (
    <ScreenFrame
      screen="export"
      lead={dataset ? t('export.lead') : undefined}
      about={
        <>
          <p>{t('export.about.local')}</p>
          <p>{t('export.about.formats')}</p>
        </>
      }
    >
      {dataset ? (
        <ExportFormats
          key={`${dataset.id}:${modelOfDataset?.id ?? ''}`}
          dataset={dataset}
          model={modelOfDataset}
        />
      ) : (
        <EmptyState title={t('export.empty.title')} go="import">
          <p>{t('export.empty.body')}</p>
        </EmptyState>
      )}
    </ScreenFrame>
  );
}

function ExportCard({
  heading,
  children,
  testId,
}: {
  heading: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="card export-format" data-testid={testId}>
      <h2>{heading}</h2>
      {children}
    </section>
  );
}

function ExportFormats({ dataset, model }: { dataset: DatasetRecord; model: ModelRecord | null }) {
  const { t } = useTranslation();
  const href = useScreenHref();
  const classify = useWorker('classify');
  const { route, modelReady, report } = useWorkspace();
  const [stored, setStored] = useState<Stored | null>(null);
  const [written, setWritten] = useState<{ kind: string; done: number; total: number } | null>(
    null,
  );
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    const read = async () => {
      const db = await appDb();
      const taxonomies = await listTaxonomies();
      const taxonomy = taxonomies.find((info) => info.id === route.taxonomy) ?? null;
      const [predictions, log, mapping] = await Promise.all([
        model ? db.get('cataloguePredictions', model.id) : undefined,
        readReviewLog(db, dataset.id),
        taxonomy ? readMapping(db, dataset.id, taxonomy.id) : undefined,
      ]);
      setStored({ predictions: predictions ?? null, log, taxonomy, mapping: mapping ?? null });
    };
    read().catch(report);
  }, [dataset.id, model, route.taxonomy, report]);

  async function exportLabelled(predictions: CataloguePredictionsRecord) {
    if (!model) return;
    setSaved(null);
    setWritten({ kind: 'labelled', done: 0, total: dataset.rowCount });
    try {
      const done = await writeCsvStream(
        `${fileSlug(dataset.name)}-labelled.csv`,
        dataset.rowCount,
        predictionCsvPieces(model, predictions, (rows) =>
          setWritten({ kind: 'labelled', done: rows, total: dataset.rowCount }),
        ),
      );
      if (done) setSaved(t('export.saved', { rows: count(dataset.rowCount) }));
    } finally {
      setWritten(null);
    }
  }

  async function exportStandard(info: TaxonomyInfo, mapping: CategoryMappingRecord) {
    setSaved(null);
    setWritten({ kind: 'standard', done: 0, total: dataset.rowCount });
    try {
      const { taxonomy } = await loadTaxonomy(info);
      const result = await standardExportCsv(
        dataset,
        mapping,
        taxonomy,
        modelReady ? classify.get() : null,
        (done, total) => setWritten({ kind: 'standard', done, total }),
      );
      downloadBlob(result.fileName, new Blob([result.csv], { type: 'text/csv;charset=utf-8' }));
      setSaved(t('export.saved', { rows: count(result.rows) }));
    } finally {
      setWritten(null);
    }
  }

  if (!stored) return <p className="muted">{t('app.loading')}</p>;
  const { predictions, log, taxonomy, mapping } = stored;
  const confirmed = mapping?.entries.filter(isConfirmed).length ?? 0;
  const busy = written !== null;
  return (
    <>
      {saved && <Banner kind="success" title={saved} testId="export-saved" />}
      {written && (
        <ProgressBar
          label={t('export.writing', { done: count(written.done), total: count(written.total) })}
          fraction={written.done / Math.max(1, written.total)}
        />
      )}
      <ExportCard heading={t('export.labelled.heading')} testId="export-labelled">
        <p>{t('export.labelled.body')}</p>
        {predictions ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => exportLabelled(predictions).catch(report)}
          >
            {t('export.labelled.button')}
          </button>
        ) : (
          <p className="muted">
            {model ? t('export.labelled.notYet') : t('export.labelled.noModel')}{' '}
            <a href={href(model ? 'label' : 'train')}>
              {t('common.goTo', { screen: t(`screens.${model ? 'label' : 'train'}.title`) })}
            </a>
          </p>
        )}
      </ExportCard>
      <ExportCard heading={t('export.standard.heading')} testId="export-standard">
        <p>{t('export.standard.body')}</p>
        {taxonomy && mapping ? (
          <>
            <p>
              {rich(
                t('export.standard.status', {
                  taxonomy: slot('taxonomy'),
                  confirmed: count(confirmed),
                  total: count(mapping.entries.length),
                }),
                { taxonomy: taxonomyName(taxonomy, t) },
              )}
            </p>
            {confirmed < mapping.entries.length && (
              <Banner kind="warning" title={t('export.standard.unconfirmed')}>
                <p>
                  <a href={href('taxonomy')}>{t('export.standard.confirm')}</a>
                </p>
              </Banner>
            )}
            <button
              type="button"
              disabled={busy || confirmed === 0}
              onClick={() => exportStandard(taxonomy, mapping).catch(report)}
            >
              {t('export.standard.button', { taxonomy: taxonomyName(taxonomy, t) })}
            </button>
          </>
        ) : (
          <p className="muted">
            {t('export.standard.none')}{' '}
            <a href={href('taxonomy')}>
              {t('common.goTo', { screen: t('screens.taxonomy.title') })}
            </a>
          </p>
        )}
      </ExportCard>
      <ExportCard heading={t('export.decisions.heading')} testId="export-decisions">
        <p>{t('export.decisions.body')}</p>
        {log.length > 0 ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              downloadCsv(`${fileSlug(dataset.name)}-decisions.csv`, decisionExportRows(log))
            }
          >
            {t('export.decisions.button', { count: log.length, n: count(log.length) })}
          </button>
        ) : (
          <p className="muted">{t('export.decisions.none')}</p>
        )}
      </ExportCard>
      <ExportCard heading={t('export.more.heading')} testId="export-more">
        <ul className="plain-list">
          <li>
            <a href={href('models')}>{t('export.more.model')}</a>
          </li>
          <li>
            <a href={href('project')}>{t('export.more.project')}</a>
          </li>
        </ul>
      </ExportCard>
    </>
  );
}
