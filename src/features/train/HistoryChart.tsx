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
import { useTranslation } from 'react-i18next';
import type { EpochSummary } from '@shared/contracts/train.ts';
import { decimal, percent } from '../../common/format.ts';

/** Loss and validation accuracy per epoch, updated live while training. */
export function HistoryChart({ history }: { history: EpochSummary[] }) {
  const { t } = useTranslation();
  const names = {
    loss: t('history.trainingLoss'),
    validationLoss: t('history.validationLoss'),
    accuracy: t('history.validationAccuracy'),
  };
  const data = history.map((h) => ({
    epoch: h.epoch,
    [names.loss]: Number(h.loss.toFixed(4)),
    [names.validationLoss]: Number(h.validationLoss.toFixed(4)),
    [names.accuracy]: Number(h.validationAccuracy.toFixed(4)),
  }));
  return (
    <figure className="chart" aria-label={t('history.label')}>
      <figcaption>{t('history.caption')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ left: 8, right: 8, bottom: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            allowDecimals={false}
            label={{ value: t('history.epoch'), position: 'insideBottom', offset: -8 }}
          />
          <YAxis yAxisId="loss" tickFormatter={(v: number) => decimal(v, 2)} />
          <YAxis
            yAxisId="accuracy"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(v: number) => percent(v, 0)}
          />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          <Line yAxisId="loss" dataKey={names.loss} stroke="#3867d6" isAnimationActive={false} />
          <Line
            yAxisId="loss"
            dataKey={names.validationLoss}
            stroke="#fa8231"
            isAnimationActive={false}
          />
          <Line
            yAxisId="accuracy"
            dataKey={names.accuracy}
            stroke="#20bf6b"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
