import { useState } from 'react';
import type { ModelRecord } from '../shared/db/schema.ts';
import type { ClassMetrics } from '../shared/metrics.ts';
import { decimal, formatDuration, percent } from '../app/format.ts';
import { HistoryChart } from './HistoryChart.tsx';
import { HierarchyMetrics } from './HierarchyMetrics.tsx';

type SortKey = keyof ClassMetrics;
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'label', label: 'Category' },
  { key: 'precision', label: 'Precision' },
  { key: 'recall', label: 'Recall' },
  { key: 'f1', label: 'F1' },
  { key: 'support', label: 'Test rows' },
];

export function EvaluationPanel({ model }: { model: ModelRecord }) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'f1',
    ascending: true,
  });
  const { metrics, testRows, trainRows, validationRows } = model.evaluation;
  const rows = [...metrics.perClass].sort((a, b) => {
    const order = a[sort.key] < b[sort.key] ? -1 : a[sort.key] > b[sort.key] ? 1 : 0;
    return sort.ascending ? order : -order;
  });
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
      <div className="table-scroll tall">
        <table className="per-class" data-testid="per-class-table">
          <thead>
            <tr>
              {COLUMNS.map(({ key, label }) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={
                    sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'
                  }
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      setSort({
                        key,
                        ascending: sort.key === key ? !sort.ascending : key === 'label',
                      })
                    }
                  >
                    {label}
                    {sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} className={row.f1 < 0.5 ? 'weak' : ''}>
                <td>{row.label}</td>
                <td>{decimal(row.precision, 2)}</td>
                <td>{decimal(row.recall, 2)}</td>
                <td>{decimal(row.f1, 2)}</td>
                <td>{row.support}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
