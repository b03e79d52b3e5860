import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRecord, RetrainComparison as Comparison } from '@shared/db/records/model.ts';
import { Expert } from '../../common/components/Expert.tsx';
import { count, decimal, percent, signedDecimal } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

interface RetrainComparisonProps {
  model: ModelRecord & { comparison: Comparison };
}

function Delta({ value }: { value: number }) {
  const sign = value > 0.0005 ? 'up' : value < -0.0005 ? 'down' : 'same';
  return <span className={`delta ${sign}`}>{signedDecimal(value)}</span>;
}

/**
 * A retrain against the model it started from, on the same held-out rows: in plain words
 * first, figure by figure and category by category one click away. Called "after your
 * corrections" only when corrections changed what it trained on.
 */
export function RetrainComparison({ model }: RetrainComparisonProps) {
  const { t } = useTranslation();
  const { before, correctedTrainingRows, correctedHeldOutRows } = model.comparison;
  const after = model.evaluation.metrics;
  const usedCorrections = correctedTrainingRows > 0;
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
    ['metrics.accuracy', before.accuracy, after.accuracy],
    ['metrics.macroF1', before.macroF1, after.macroF1],
    ['metrics.weightedF1', before.weightedF1, after.weightedF1],
  ] as const;
  const change = after.accuracy - before.accuracy;

  return (
    <section className="card" aria-labelledby="comparison-heading" data-testid="retrain-comparison">
      <h2 id="comparison-heading">
        {usedCorrections ? t('retrain.headingCorrections') : t('retrain.headingContinued')}
      </h2>
      <p className="lead-small" data-testid="retrain-summary">
        {usedCorrections
          ? t('retrain.summary', {
              count: correctedTrainingRows,
              n: count(correctedTrainingRows),
              before: percent(before.accuracy),
              after: percent(after.accuracy),
              change: signedDecimal(change * 100, 1),
            })
          : t('retrain.noCorrections', {
              before: percent(before.accuracy),
              after: percent(after.accuracy),
            })}
      </p>
      <p className="muted">
        {t('retrain.sameRows', { rows: count(model.evaluation.testRows) })}{' '}
        {correctedHeldOutRows > 0 &&
          t('retrain.heldOut', { count: correctedHeldOutRows, n: count(correctedHeldOutRows) })}
      </p>
      <Expert summary={t('retrain.expert')} testId="retrain-expert">
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col">{t('retrain.figure')}</th>
              <th scope="col">{t('retrain.before')}</th>
              <th scope="col">{t('retrain.after')}</th>
              <th scope="col">{t('retrain.change')}</th>
            </tr>
          </thead>
          <tbody>
            {overall.map(([name, b, a]) => (
              <tr key={name}>
                <th scope="row">{t(name)}</th>
                <td>{decimal(b)}</td>
                <td>{decimal(a)}</td>
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
          {t('retrain.changedOnly')}
        </label>
        <div className="table-scroll">
          <table className="metrics-table" aria-label={t('retrain.perCategory')}>
            <thead>
              <tr>
                <th scope="col">{t('metrics.category')}</th>
                <th scope="col">{t('metrics.testRows')}</th>
                <th scope="col">{t('retrain.f1Before')}</th>
                <th scope="col">{t('retrain.f1After')}</th>
                <th scope="col">{t('retrain.change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">
                    <Data>{row.label}</Data>
                  </th>
                  <td>{count(row.support)}</td>
                  <td>{decimal(row.before)}</td>
                  <td>{decimal(row.after)}</td>
                  <td>
                    <Delta value={row.delta} />
                  </td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('retrain.noneChanged')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Expert>
    </section>
  );
}
