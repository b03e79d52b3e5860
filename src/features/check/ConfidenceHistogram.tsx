import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ConfidenceBin } from '@shared/evaluation/reliability.ts';
import { count, percent } from '../../common/format.ts';

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * How sure the model was on the held-out products, right and wrong answers side by side.
 * The count axis is logarithmic: a good model puts hundreds of right answers in the top bin,
 * and the handful of mistakes elsewhere would not show on a linear one.
 */
export function ConfidenceHistogram({ bins }: { bins: ConfidenceBin[] }) {
  const { t } = useTranslation();
  const names = { right: t('calibration.right'), wrong: t('calibration.wrong') };
  // A log axis has no zero: empty bars are left out rather than drawn from -∞.
  const data = bins.map((bin) => ({
    range: `${percent(bin.lower, 0)}–${percent(bin.upper, 0)}`,
    [names.right]: bin.correct || null,
    [names.wrong]: bin.count - bin.correct || null,
  }));
  const largest = Math.max(1, ...bins.map((bin) => bin.count));
  const ticks = POWERS_OF_TEN.filter((tick) => tick <= largest * 10).slice(
    0,
    Math.ceil(Math.log10(largest)) + 1,
  );
  return (
    <figure
      className="chart"
      aria-label={t('calibration.histogramLabel')}
      data-testid="confidence-histogram"
    >
      <figcaption>{t('calibration.histogramCaption')}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ left: 8, right: 8, bottom: 8 }} barGap={1}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="range"
            tick={{ fontSize: 11 }}
            interval={0}
            angle={-30}
            textAnchor="end"
            height={50}
          />
          <YAxis
            scale="log"
            domain={[0.8, (ticks[ticks.length - 1] ?? 10) * 1.05]}
            ticks={ticks}
            allowDataOverflow
            tickFormatter={(v: number) => count(v)}
            label={{ value: t('calibration.products'), angle: -90, position: 'insideLeft' }}
          />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey={names.right} fill="#20bf6b" isAnimationActive={false} />
          <Bar dataKey={names.wrong} fill="#eb3b5a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
