import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const SHOWN = 30;

/** Rows per category, largest first: imbalance is visible at a glance. */
export function ClassSizeChart({ classCounts }: { classCounts: Record<string, number> }) {
  const sorted = Object.entries(classCounts).sort((a, b) => b[1] - a[1]);
  const data = sorted
    .slice(0, SHOWN)
    .map(([label, rows]) => ({ label: label.split(' > ').pop() ?? label, full: label, rows }));
  const rest = sorted.slice(SHOWN).reduce((sum, [, rows]) => sum + rows, 0);
  if (rest > 0)
    data.push({
      label: `${sorted.length - SHOWN} others`,
      full: 'all other categories',
      rows: rest,
    });
  const smallest = sorted[sorted.length - 1];
  return (
    <figure className="chart" aria-label="Rows per category">
      <figcaption>
        Rows per category ({sorted.length} categories
        {smallest ? `; the smallest, “${smallest[0]}”, has ${smallest[1]}` : ''})
      </figcaption>
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
          <YAxis allowDecimals={false} />
          <Tooltip
            formatter={(value) => [value, 'rows']}
            labelFormatter={(_, payload) => payload?.[0]?.payload?.full ?? ''}
          />
          <Bar dataKey="rows" fill="#3867d6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
