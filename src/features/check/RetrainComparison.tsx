import { useMemo, useState } from 'react';
import type { ModelRecord, RetrainComparison as Comparison } from '@shared/db/records/model.ts';

interface RetrainComparisonProps {
  model: ModelRecord & { comparison: Comparison };
}

const fmt = (value: number) => value.toFixed(3);

function Delta({ value }: { value: number }) {
  const sign = value > 0.0005 ? 'up' : value < -0.0005 ? 'down' : 'same';
  return (
    <span className={`delta ${sign}`}>
      {value > 0 ? '+' : ''}
      {value.toFixed(3)}
    </span>
  );
}

/** Before and after a retrain with corrections, on the same held-out rows, overall and per category. */
export function RetrainComparison({ model }: RetrainComparisonProps) {
  const { before, correctedTrainingRows, correctedHeldOutRows } = model.comparison;
  const after = model.evaluation.metrics;
  const [changedOnly, setChangedOnly] = useState(true);
  const rows = useMemo(() => {
    const beforeOf = new Map(before.perClass.map((c) => [c.label, c]));
    return after.perClass
      .map((c) => {
        const old = beforeOf.get(c.label);
        return {
          label: c.label,
          support: c.support,
          before: old?.f1 ?? 0,
          after: c.f1,
          delta: c.f1 - (old?.f1 ?? 0),
        };
      })
      .filter((row) => !changedOnly || Math.abs(row.delta) > 0.0005)
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.label.localeCompare(b.label));
  }, [before, after, changedOnly]);

  const overall = [
    ['Accuracy', before.accuracy, after.accuracy],
    ['Macro-F1', before.macroF1, after.macroF1],
    ['Weighted-F1', before.weightedF1, after.weightedF1],
  ] as const;

  return (
    <section className="card" aria-labelledby="comparison-heading" data-testid="retrain-comparison">
      <h2 id="comparison-heading">Before and after your corrections</h2>
      <p className="muted">
        Both models judged on the same {model.evaluation.testRows.toLocaleString()} held-out
        products, with your corrected labels as the truth. {correctedTrainingRows} corrections
        changed training labels; {correctedHeldOutRows} were on held-out products, where they only
        change the reference, never the training data.
      </p>
      <table className="metrics-table">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {overall.map(([name, b, a]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{fmt(b)}</td>
              <td>{fmt(a)}</td>
              <td>
                <Delta value={a - b} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="inline">
        <input
          type="checkbox"
          checked={changedOnly}
          onChange={(e) => setChangedOnly(e.target.checked)}
        />{' '}
        Only categories whose F1 changed
      </label>
      <table className="metrics-table" aria-label="F1 per category, before and after">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Support</th>
            <th scope="col">F1 before</th>
            <th scope="col">F1 after</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.support}</td>
              <td>{fmt(row.before)}</td>
              <td>{fmt(row.after)}</td>
              <td>
                <Delta value={row.delta} />
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No category changed.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
