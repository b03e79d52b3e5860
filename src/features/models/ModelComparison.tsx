import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { modelName, modelWeightBytes } from '@shared/db/model-store.ts';
import type { TrainOptions } from '@shared/contracts/train.ts';
import { decimal, percent } from '../../common/format.ts';
import { formatBytes } from '../../common/file-download.ts';

const CHART_CLASSES = 30;

type Figure = {
  label: string;
  value: (m: ModelRecord) => number | null;
  format: (v: number) => string;
  points?: boolean;
};

const FIGURES: Figure[] = [
  {
    label: 'Accuracy',
    value: (m) => m.evaluation.metrics.accuracy,
    format: (v) => percent(v),
    points: true,
  },
  {
    label: 'Top-3 accuracy',
    value: (m) => m.evaluation.metrics.top3Accuracy,
    format: (v) => percent(v),
    points: true,
  },
  { label: 'Macro-F1', value: (m) => m.evaluation.metrics.macroF1, format: (v) => decimal(v) },
  {
    label: 'Weighted-F1',
    value: (m) => m.evaluation.metrics.weightedF1,
    format: (v) => decimal(v),
  },
  { label: 'Test rows', value: (m) => m.evaluation.testRows, format: (v) => v.toLocaleString() },
  { label: 'Categories', value: (m) => m.labels.length, format: (v) => v.toLocaleString() },
  { label: 'Features', value: (m) => m.featureCount, format: (v) => v.toLocaleString() },
  { label: 'Size', value: modelWeightBytes, format: formatBytes },
  { label: 'Training time (s)', value: (m) => m.trainMs / 1000, format: (v) => v.toFixed(1) },
];

const OPTION_NAMES: [keyof TrainOptions, string][] = [
  ['epochs', 'Max epochs'],
  ['batchSize', 'Batch size'],
  ['learningRate', 'Learning rate'],
  ['patience', 'Patience'],
  ['seed', 'Seed'],
  ['loss', 'Loss'],
  ['classWeighting', 'Class weights'],
  ['sampling', 'Sampling'],
  ['labelSmoothing', 'Label smoothing'],
  ['l2', 'L2'],
  ['averageWeights', 'Weight averaging'],
  ['schedule', 'Schedule'],
  ['minClassSize', 'Min. products per category'],
];

const optionText = (value: unknown): string =>
  value === undefined ? '—' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);

function delta(a: number | null, b: number | null, figure: Figure): string {
  if (a === null || b === null) return '—';
  const difference = b - a;
  if (difference === 0) return '0';
  const shown = figure.points
    ? `${(difference * 100).toFixed(1)} pts`
    : figure.format(Math.abs(difference));
  return `${difference > 0 ? '+' : '−'}${shown.replace(/^-/, '')}`;
}

/** Two models side by side: figures, options and per-category F1 (B minus A). */
export function ModelComparison({ a, b }: { a: ModelRecord; b: ModelRecord }) {
  const sameDataset = a.datasetId === b.datasetId;
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
    <section className="comparison" aria-label="Model comparison" data-testid="model-comparison">
      <h3>
        A: {modelName(a)} · B: {modelName(b)}
      </h3>
      {!sameDataset && (
        <p className="muted">
          These models were trained on different datasets (“{a.datasetName}” and “{b.datasetName}
          ”): their figures come from different test rows.
        </p>
      )}
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
              <tr key={figure.label}>
                <th scope="row">{figure.label}</th>
                <td>{va === null ? '—' : figure.format(va)}</td>
                <td>{vb === null ? '—' : figure.format(vb)}</td>
                <td data-testid={`compare-delta-${figure.label}`}>{delta(va, vb, figure)}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">Backend</th>
            <td>{a.backend}</td>
            <td>{b.backend}</td>
            <td />
          </tr>
          {OPTION_NAMES.map(([key, label]) => {
            const differs = optionText(a.options[key]) !== optionText(b.options[key]);
            return (
              <tr key={key} className={differs ? 'differs' : ''}>
                <th scope="row">{label}</th>
                <td>{optionText(a.options[key])}</td>
                <td>{optionText(b.options[key])}</td>
                <td>{differs ? 'differs' : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {perClass.length > 0 && (
        <figure className="chart" aria-label="Per-category F1 difference">
          <figcaption>
            Per-category F1, B − A ({perClass.length} shared categories; the{' '}
            {Math.min(CHART_CLASSES, perClass.length)} largest changes)
          </figcaption>
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
                tickFormatter={(v: number) => v.toFixed(2)}
              />
              <YAxis
                type="category"
                dataKey="short"
                width={140}
                tick={{ fontSize: 11 }}
                interval={0}
              />
              <Tooltip
                formatter={(value) => [Number(value).toFixed(3), 'F1 change']}
                labelFormatter={(_, payload) => payload?.[0]?.payload?.label ?? ''}
              />
              <Bar dataKey="difference" isAnimationActive={false}>
                {perClass.slice(0, CHART_CLASSES).map((row) => (
                  <Cell key={row.label} fill={row.difference >= 0 ? '#20bf6b' : '#eb3b5a'} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
          <div className="table-scroll">
            <table className="per-class-diff" data-testid="per-class-diff">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">F1 A</th>
                  <th scope="col">F1 B</th>
                  <th scope="col">B − A</th>
                </tr>
              </thead>
              <tbody>
                {perClass.map((row) => (
                  <tr key={row.label}>
                    <td>{row.label}</td>
                    <td>{decimal(row.a)}</td>
                    <td>{decimal(row.b)}</td>
                    <td>
                      {row.difference === 0
                        ? '0'
                        : `${row.difference > 0 ? '+' : '−'}${decimal(Math.abs(row.difference))}`}
                    </td>
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
