import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { count } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

const SHOWN = 30;

/** Products per category, largest first: imbalance is visible at a glance. */
export function ClassSizeChart({ classCounts }: { classCounts: Record<string, number> }) {
  const { t } = useTranslation();
  const sorted = Object.entries(classCounts).sort((a, b) => b[1] - a[1]);
  const data = sorted
    .slice(0, SHOWN)
    .map(([label, rows]) => ({ label: label.split(' > ').pop() ?? label, full: label, rows }));
  const rest = sorted.slice(SHOWN).reduce((sum, [, rows]) => sum + rows, 0);
  if (rest > 0)
    data.push({
      label: t('classSizes.others', { count: sorted.length - SHOWN }),
      full: t('classSizes.allOthers'),
      rows: rest,
    });
  const smallest = sorted[sorted.length - 1];
  return (
    <figure className="chart" aria-label={t('classSizes.label')}>
      <figcaption>
        {smallest
          ? rich(
              t('classSizes.caption', {
                count: sorted.length,
                smallest: slot('smallest'),
                rows: count(smallest[1]),
              }),
              { smallest: <Data>{smallest[0]}</Data> },
            )
          : t('classSizes.label')}
      </figcaption>
      <div translate="no">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ bottom: 70, left: 8, right: 8 }}>
            <XAxis
              dataKey="label"
              angle={-45}
              textAnchor="end"
              interval={0}
              height={80}
              tick={{ fontSize: 11 }}
            />
            <YAxis allowDecimals={false} tickFormatter={(value: number) => count(value)} />
            <Tooltip
              formatter={(value) => [count(Number(value)), t('classSizes.products')]}
              labelFormatter={(_, payload) => payload?.[0]?.payload?.full ?? ''}
            />
            <Bar dataKey="rows" fill="#3867d6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
