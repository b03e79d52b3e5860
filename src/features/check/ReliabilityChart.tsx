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
import { useTranslation } from 'react-i18next';
import type { ConfidenceBin } from '@shared/evaluation/reliability.ts';
import { decimal, percent } from '../../common/format.ts';

export interface ReliabilitySeries {
  name: string;
  bins: ConfidenceBin[];
  color: string;
}

/**
 * Reliability diagram: in each confidence bin, how often the model was right. A calibrated
 * model follows the diagonal; below it, the model claims more than it delivers.
 */
export function ReliabilityChart({
  series,
  caption,
}: {
  series: ReliabilitySeries[];
  caption: string;
}) {
  const { t } = useTranslation();
  const pct = (value: number) => percent(value, 0);
  return (
    <figure
      className="chart"
      aria-label={t('calibration.reliabilityLabel')}
      data-testid="reliability-chart"
    >
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ left: 8, right: 16, bottom: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="confidence"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            tickFormatter={pct}
            label={{ value: t('calibration.confidence'), position: 'insideBottom', offset: -8 }}
          />
          <YAxis
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            tickFormatter={pct}
            label={{ value: t('calibration.accuracy'), angle: -90, position: 'insideLeft' }}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#b2bec3"
            strokeDasharray="4 4"
          />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? pct(value) : String(value))}
            labelFormatter={(value) =>
              typeof value === 'number'
                ? t('calibration.meanConfidence', { value: decimal(value, 2) })
                : ''
            }
          />
          <Legend verticalAlign="top" height={28} />
          {series.map(({ name, bins, color }) => (
            <Line
              key={name}
              name={name}
              data={bins
                .filter((bin) => bin.count > 0)
                .map((bin) => ({ confidence: bin.meanConfidence, accuracy: bin.accuracy }))}
              dataKey="accuracy"
              stroke={color}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
