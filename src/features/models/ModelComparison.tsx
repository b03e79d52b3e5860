import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { modelWeightBytes } from '@shared/db/model-store.ts';
import type { TrainOptions } from '@shared/contracts/train.ts';
import { count, decimal, formatBytes, percent, signedDecimal } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { backendName } from '../train/fallback-text.ts';

const CHART_CLASSES = 30;

type Figure = {
  key:
    | 'accuracy'
    | 'top3'
    | 'macroF1'
    | 'weightedF1'
    | 'testRows'
    | 'categories'
    | 'features'
    | 'size'
    | 'trainingTime';
  value: (m: ModelRecord) => number | null;
  format: (v: number) => string;
  /** Shares of 1, whose difference reads in percentage points. */
  points?: boolean;
};

const FIGURES: Figure[] = [
  { key: 'accuracy', value: (m) => m.evaluation.metrics.accuracy, format: percent, points: true },
  { key: 'top3', value: (m) => m.evaluation.metrics.top3Accuracy, format: percent, points: true },
  { key: 'macroF1', value: (m) => m.evaluation.metrics.macroF1, format: (v) => decimal(v) },
  { key: 'weightedF1', value: (m) => m.evaluation.metrics.weightedF1, format: (v) => decimal(v) },
  { key: 'testRows', value: (m) => m.evaluation.testRows, format: count },
  { key: 'categories', value: (m) => m.labels.length, format: count },
  { key: 'features', value: (m) => m.featureCount, format: count },
  { key: 'size', value: modelWeightBytes, format: formatBytes },
  { key: 'trainingTime', value: (m) => m.trainMs / 1000, format: (v) => decimal(v, 1) },
];

const OPTION_KEYS: (keyof TrainOptions)[] = [
  'epochs',
  'batchSize',
  'learningRate',
  'patience',
  'seed',
  'loss',
  'classWeighting',
  'sampling',
  'labelSmoothing',
  'l2',
  'averageWeights',
  'schedule',
  'minClassSize',
];

const optionText = (value: unknown): string =>
  value === undefined ? '—' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);

/** Two models side by side: figures, options and per-category F1 (B minus A). */
export function ModelComparison({ a, b }: { a: ModelRecord; b: ModelRecord }) {
  const { t } = useTranslation();
  const sameDataset = a.datasetId === b.datasetId;
  const delta = (va: number | null, vb: number | null, figure: Figure): string => {
    if (va === null || vb === null) return '—';
    const difference = vb - va;
    if (difference === 0) return '0';
    return figure.points
      ? t('compare.points', { points: signedDecimal(difference * 100, 1) })
      : `${difference > 0 ? '+' : '−'}${figure.format(Math.abs(difference))}`;
  };
  const f1B = new Map(b.evaluation.metrics.perClass.map((c) => [c.label, c.f1]));
  const perClass = a.evaluation.metrics.perClass
    .filter((c) => f1B.has(c.label))
    .map((c) => ({
      label: c.label,
      short: c.label.split(' > ').pop() ?? c.label,
      a: c.f1,
      b: f1B.get(c.label) as number,
      difference: (f1B.get(c.label) as number) - c.f1,
    }))
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference));
  // Symmetric around zero and no narrower than ±0.05, so small changes look small.
  const extent = Math.max(0.05, Math.ceil(Math.abs(perClass[0]?.difference ?? 0) * 20) / 20);
  return (
    <section className="comparison" aria-label={t('compare.label')} data-testid="model-comparison">
      <h3>
        A: <Data>{displayModelName(a)}</Data> · B: <Data>{displayModelName(b)}</Data>
      </h3>
      {!sameDataset && (
        <p className="muted">
          {rich(t('compare.differentData', { a: slot('a'), b: slot('b') }), {
            a: <Data>{a.datasetName}</Data>,
            b: <Data>{b.datasetName}</Data>,
          })}
        </p>
      )}
      <div className="table-scroll">
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">B − A</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((figure) => {
              const va = figure.value(a);
              const vb = figure.value(b);
              return (
                <tr key={figure.key}>
                  <th scope="row">{t(`compare.figures.${figure.key}`)}</th>
                  <td>{va === null ? '—' : figure.format(va)}</td>
                  <td>{vb === null ? '—' : figure.format(vb)}</td>
                  <td data-testid={`compare-delta-${figure.key}`}>{delta(va, vb, figure)}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t('compare.backend')}</th>
              <td>{backendName(a.backend, t)}</td>
              <td>{backendName(b.backend, t)}</td>
              <td />
            </tr>
            {OPTION_KEYS.map((key) => {
              const differs = optionText(a.options[key]) !== optionText(b.options[key]);
              return (
                <tr key={key} className={differs ? 'differs' : ''}>
                  <th scope="row">{t(`compare.options.${key}`)}</th>
                  <td translate="no">{optionText(a.options[key])}</td>
                  <td translate="no">{optionText(b.options[key])}</td>
                  <td>{differs ? t('compare.differs') : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {perClass.length > 0 && (
        <figure className="chart" aria-label={t('compare.chartLabel')}>
          <figcaption>
            {t('compare.chartCaption', {
              shared: count(perClass.length),
              shown: count(Math.min(CHART_CLASSES, perClass.length)),
            })}
          </figcaption>
          <div translate="no">
            <ResponsiveContainer
              width="100%"
              height={Math.max(160, Math.min(CHART_CLASSES, perClass.length) * 22)}
            >
              <BarChart
                data={perClass.slice(0, CHART_CLASSES)}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <XAxis
                  type="number"
                  domain={[-extent, extent]}
                  tickFormatter={(v: number) => decimal(v, 2)}
                />
                <YAxis
                  type="category"
                  dataKey="short"
                  width={120}
                  tick={{ fontSize: 11 }}
                  interval={0}
                />
                <Tooltip
                  formatter={(value) => [decimal(Number(value)), t('compare.f1Change')]}
                  labelFormatter={(_, payload) => payload?.[0]?.payload?.label ?? ''}
                />
                <Bar dataKey="difference" isAnimationActive={false}>
                  {perClass.slice(0, CHART_CLASSES).map((row) => (
                    <Cell key={row.label} fill={row.difference >= 0 ? '#20bf6b' : '#eb3b5a'} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="table-scroll">
            <table className="per-class-diff" data-testid="per-class-diff">
              <thead>
                <tr>
                  <th scope="col">{t('metrics.category')}</th>
                  <th scope="col">F1 A</th>
                  <th scope="col">F1 B</th>
                  <th scope="col">B − A</th>
                </tr>
              </thead>
              <tbody>
                {perClass.map((row) => (
                  <tr key={row.label}>
                    <td>
                      <Data>{row.label}</Data>
                    </td>
                    <td>{decimal(row.a)}</td>
                    <td>{decimal(row.b)}</td>
                    <td>{row.difference === 0 ? '0' : signedDecimal(row.difference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      )}
    </section>
  );
}
