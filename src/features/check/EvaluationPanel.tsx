import type { ModelRecord } from '@shared/db/records/model.ts';
import { decimal, formatDuration, percent } from '../../common/format.ts';
import { useHeldOutPredictions } from './use-held-out-predictions.ts';
import { HistoryChart } from '../train/HistoryChart.tsx';
import { HierarchyMetrics } from './HierarchyMetrics.tsx';
import { PerClassTable } from './PerClassTable.tsx';
import { HeldOutViews } from './HeldOutViews.tsx';

export function EvaluationPanel({ model }: { model: ModelRecord }) {
  const { metrics, testRows, trainRows, validationRows } = model.evaluation;
  const heldOut = useHeldOutPredictions(model.id);
  return (
    <section className="card" aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">Held-out evaluation</h2>
      <p className="muted">
        Measured on {testRows.toLocaleString()} products the model never saw in training (
        {trainRows.toLocaleString()} trained on, {validationRows.toLocaleString()} used for early
        stopping). Trained on <strong data-testid="model-backend">{model.backend}</strong> in{' '}
        {formatDuration(model.trainMs)}, best epoch {model.bestEpoch}
        {model.partial && ' (cancelled early: best weights so far)'}.
      </p>
      <dl className="metrics">
        <div>
          <dt>Accuracy</dt>
          <dd data-testid="metric-accuracy">{percent(metrics.accuracy)}</dd>
        </div>
        <div>
          <dt>Top-3 accuracy</dt>
          <dd data-testid="metric-top3">
            {metrics.top3Accuracy === null ? '—' : percent(metrics.top3Accuracy)}
          </dd>
        </div>
        <div>
          <dt>Macro-F1</dt>
          <dd data-testid="metric-macro-f1">{decimal(metrics.macroF1)}</dd>
        </div>
        <div>
          <dt>Weighted-F1</dt>
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
          This model was trained before Shelfwise kept each held-out prediction, so its confusions,
          calibration and automatic-label threshold cannot be shown. Train it again to see them.
        </p>
      )}
      {heldOut.status === 'error' && (
        <p className="error">The held-out predictions could not be read: {heldOut.message}</p>
      )}
    </section>
  );
}
