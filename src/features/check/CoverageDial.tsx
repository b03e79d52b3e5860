import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { coverageAt, coverageCurve } from '@shared/evaluation/coverage.ts';
import { Expert } from '../../common/components/Expert.tsx';
import { count, percent } from '../../common/format.ts';
import { rich, slot } from '../../i18n/rich.tsx';
import type { SaveState } from './use-auto-label-threshold.ts';

interface CoverageDialProps {
  confidences: Float32Array;
  correct: Uint8Array;
  threshold: number;
  save: SaveState;
  error: string;
  onChange(threshold: number): void;
}

/**
 * The auto-label threshold: products at least this sure get their label, the rest go to
 * review. Shows live, on the held-out products, how many that labels and how well.
 */
export function CoverageDial({
  confidences,
  correct,
  threshold,
  save,
  error,
  onChange,
}: CoverageDialProps) {
  const { t } = useTranslation();
  const sliderId = useId();
  const curve = useMemo(
    () =>
      coverageCurve(confidences, correct, 100).map((point) => ({
        ...point,
        // Nothing covered at the top end: a gap in the line, not a point at NaN.
        accuracy: Number.isNaN(point.accuracy) ? null : point.accuracy,
      })),
    [confidences, correct],
  );
  const point = coverageAt(confidences, correct, threshold);
  const total = confidences.length;
  const names = { coverage: t('coverage.labelled'), accuracy: t('coverage.accuracyOfThose') };
  return (
    <section aria-labelledby="coverage-heading" className="card coverage">
      <h2 id="coverage-heading">{t('coverage.heading')}</h2>
      <div className="dial">
        <label htmlFor={sliderId}>
          {t('coverage.slider')}{' '}
          <strong data-testid="threshold-value">{percent(threshold, 0)}</strong>
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          aria-valuetext={t('coverage.valueText', { threshold: percent(threshold, 0) })}
          onChange={(event) => onChange(Number(event.target.value))}
        />
        <div className="dial-ends muted" aria-hidden="true">
          <span>{t('coverage.more')}</span>
          <span>{t('coverage.surer')}</span>
        </div>
      </div>
      <p aria-live="polite">
        {rich(
          t('coverage.result', {
            share: slot('share'),
            covered: count(point.covered),
            total: count(total),
            accuracy: slot('accuracy'),
            rest: percent(1 - point.coverage),
          }),
          {
            share: <strong data-testid="coverage-share">{percent(point.coverage)}</strong>,
            accuracy: <strong data-testid="coverage-accuracy">{percent(point.accuracy)}</strong>,
          },
        )}
      </p>
      <p className="muted" role="status" data-testid="threshold-saved">
        {save === 'saving'
          ? t('coverage.saving')
          : save === 'error'
            ? t('coverage.notSaved', { error })
            : t('coverage.saved')}
      </p>
      <Expert summary={t('coverage.curveSummary')}>
        <figure className="chart" aria-label={t('coverage.curveLabel')}>
          <figcaption>{t('coverage.curveCaption')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={curve} margin={{ left: 8, right: 16, bottom: 20 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="threshold"
                domain={[0, 1]}
                ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
                tickFormatter={(v: number) => percent(v, 0)}
                label={{
                  value: t('coverage.thresholdAxis'),
                  position: 'insideBottom',
                  offset: -12,
                }}
              />
              <YAxis
                domain={[0, 1]}
                ticks={[0, 0.25, 0.5, 0.75, 1]}
                tickFormatter={(v: number) => percent(v, 0)}
              />
              <Tooltip
                formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))}
                labelFormatter={(value) =>
                  typeof value === 'number'
                    ? t('coverage.tooltipThreshold', { threshold: percent(value, 0) })
                    : ''
                }
              />
              <Legend verticalAlign="top" height={28} />
              <ReferenceLine x={threshold} stroke="#636e72" />
              <Line
                dataKey="coverage"
                name={names.coverage}
                stroke="#3867d6"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="accuracy"
                name={names.accuracy}
                stroke="#20bf6b"
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      </Expert>
    </section>
  );
}
