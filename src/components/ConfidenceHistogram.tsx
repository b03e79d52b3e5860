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
import type { ConfidenceBin } from '../shared/evaluation/reliability.ts';

const pct = (value: number) => `${Math.round(value * 100)}%`;

/** How sure the model was on the held-out products, split into right and wrong answers. */
export function ConfidenceHistogram({ bins }: { bins: ConfidenceBin[] }) {
  const data = bins.map((bin) => ({
    range: `${pct(bin.lower)}–${pct(bin.upper)}`,
    right: bin.correct,
    wrong: bin.count - bin.correct,
  }));
  return (
    <figure className="chart" aria-label="Confidence histogram" data-testid="confidence-histogram">
      <figcaption>
        Held-out products by the confidence of their predicted category (calibrated): right answers
        should pile up on the right, mistakes on the left.
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ left: 8, right: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="range"
            tick={{ fontSize: 11 }}
            interval={0}
            angle={-30}
            textAnchor="end"
            height={50}
          />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="right" stackId="rows" fill="#20bf6b" isAnimationActive={false} />
          <Bar dataKey="wrong" stackId="rows" fill="#eb3b5a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
