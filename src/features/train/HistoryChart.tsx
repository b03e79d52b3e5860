import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { EpochSummary } from '@shared/contracts/train.ts';

/** Loss and validation accuracy per epoch, updated live while training. */
export function HistoryChart({ history }: { history: EpochSummary[] }) {
  const data = history.map((h) => ({
    epoch: h.epoch,
    'training loss': Number(h.loss.toFixed(4)),
    'validation loss': Number(h.validationLoss.toFixed(4)),
    'validation accuracy': Number(h.validationAccuracy.toFixed(4)),
  }));
  return (
    <figure className="chart" aria-label="Training history">
      <figcaption>Loss and validation accuracy per epoch</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" allowDecimals={false} />
          <YAxis yAxisId="loss" />
          <YAxis yAxisId="accuracy" orientation="right" domain={[0, 1]} />
          <Tooltip />
          <Legend />
          <Line yAxisId="loss" dataKey="training loss" stroke="#3867d6" isAnimationActive={false} />
          <Line
            yAxisId="loss"
            dataKey="validation loss"
            stroke="#fa8231"
            isAnimationActive={false}
          />
          <Line
            yAxisId="accuracy"
            dataKey="validation accuracy"
            stroke="#20bf6b"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
