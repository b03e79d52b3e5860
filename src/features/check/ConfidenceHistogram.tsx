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
import type { ConfidenceBin } from '@shared/evaluation/reliability.ts';

const pct = (value: number) => `${Math.round(value * 100)}%`;
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * How sure the model was on the held-out products, right and wrong answers side by side.
 * The count axis is logarithmic: a good model puts hundreds of right answers in the top bin,
 * and the handful of mistakes elsewhere would not show on a linear one.
 */
export function ConfidenceHistogram({ bins }: { bins: ConfidenceBin[] }) {
  // A log axis has no zero: empty bars are left out rather than drawn from -∞.
  const data = bins.map((bin) => ({
    range: `${pct(bin.lower)}–${pct(bin.upper)}`,
    right: bin.correct || null,
    wrong: bin.count - bin.correct || null,
  }));
  const largest = Math.max(1, ...bins.map((bin) => bin.count));
  const ticks = POWERS_OF_TEN.filter((tick) => tick <= largest * 10).slice(
    0,
    Math.ceil(Math.log10(largest)) + 1,
  );
  return (
    <figure className="chart" aria-label="Confidence histogram" data-testid="confidence-histogram">
      <figcaption>
        Held-out products by the (calibrated) confidence of their predicted category, on a log
        scale: right answers should pile up on the right, mistakes sit further left.
      </figcaption>
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
            label={{ value: 'products', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="right" fill="#20bf6b" isAnimationActive={false} />
          <Bar dataKey="wrong" fill="#eb3b5a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
