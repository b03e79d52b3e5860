import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { HeldOutState } from './use-held-out-predictions.ts';
import { count, decimal, formatDuration, percent } from '../../common/format.ts';
import { backendName } from '../train/fallback-text.ts';
import { HistoryChart } from '../train/HistoryChart.tsx';
import { HierarchyMetrics } from './HierarchyMetrics.tsx';
import { PerClassTable } from './PerClassTable.tsx';
import { HeldOutViews } from './HeldOutViews.tsx';

/** The figures an expert wants, in the terms they use: all on the held-out products. */
export function EvaluationPanel({ model, heldOut }: { model: ModelRecord; heldOut: HeldOutState }) {
  const { t } = useTranslation();
  const { metrics, testRows, trainRows, validationRows } = model.evaluation;
  return (
    <div className="evaluation" data-testid="expert-figures">
      <p className="muted">
        {t('evaluation.measured', {
          test: count(testRows),
          train: count(trainRows),
          validation: count(validationRows),
        })}{' '}
        {t('evaluation.trainedOn', {
          time: formatDuration(model.trainMs),
          epoch: count(model.bestEpoch),
        })}{' '}
        <strong data-testid="model-backend" translate="no">
          {model.backend}
        </strong>
        {model.partial && ` ${t('evaluation.partial')}`}
        <span className="visually-hidden"> ({backendName(model.backend, t)})</span>
      </p>
      <dl className="metrics">
        <div>
          <dt>{t('metrics.accuracy')}</dt>
          <dd data-testid="metric-accuracy">{percent(metrics.accuracy)}</dd>
        </div>
        <div>
          <dt>{t('metrics.top3')}</dt>
          <dd data-testid="metric-top3">
            {metrics.top3Accuracy === null ? '—' : percent(metrics.top3Accuracy)}
          </dd>
        </div>
        <div>
          <dt>{t('metrics.macroF1')}</dt>
          <dd data-testid="metric-macro-f1">{decimal(metrics.macroF1)}</dd>
        </div>
        <div>
          <dt>{t('metrics.weightedF1')}</dt>
          <dd data-testid="metric-weighted-f1">{decimal(metrics.weightedF1)}</dd>
        </div>
      </dl>
      {model.evaluation.hierarchy && <HierarchyMetrics evaluation={model.evaluation.hierarchy} />}
      {model.history.length > 0 && <HistoryChart history={model.history} />}
      <PerClassTable perClass={metrics.perClass} />
      {heldOut.status === 'ready' && (
        <HeldOutViews model={model} predictions={heldOut.predictions} />
      )}
      {heldOut.status === 'missing' && (
        <p className="muted" data-testid="no-held-out-predictions">
          {t('evaluation.noHeldOut')}
        </p>
      )}
      {heldOut.status === 'error' && (
        <p className="banner banner-error">{t('evaluation.heldOutUnreadable')}</p>
      )}
    </div>
  );
}
