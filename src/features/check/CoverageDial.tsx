import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
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
import { readAutoLabelThreshold, saveAutoLabelThreshold } from '@shared/db/evaluation-store.ts';
import { coverageAt, coverageCurve } from '@shared/evaluation/coverage.ts';
import { appDb } from '../../common/db.ts';
import { percent } from '../../common/format.ts';

type SaveState = 'loading' | 'saved' | 'saving' | 'error';
const pct = (value: number) => `${Math.round(value * 100)}%`;

/**
 * The auto-label threshold: products at least this confident get their label, the rest go to
 * review. Shows live, on the held-out products, how many that labels and how well, and keeps
 * the chosen threshold on the model.
 */
export function CoverageDial({
  modelId,
  confidences,
  correct,
}: {
  modelId: string;
  confidences: Float32Array;
  correct: Uint8Array;
}) {
  const sliderId = useId();
  const [threshold, setThreshold] = useState<number | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('loading');
  const [error, setError] = useState('');
  // Writes are chained so a held-down arrow key stores its last value, never an earlier one.
  const pending = useRef<number | null>(null);
  const isWriting = useRef(false);

  useEffect(() => {
    let isCurrent = true;
    appDb()
      .then((db) => readAutoLabelThreshold(db, modelId))
      .then(
        (stored) => {
          if (!isCurrent) return;
          setThreshold(stored);
          setSaveState('saved');
        },
        (caught: unknown) => {
          if (!isCurrent) return;
          setSaveState('error');
          setError(String(caught));
        },
      );
    return () => {
      isCurrent = false;
    };
  }, [modelId]);

  const writePending = useCallback(async () => {
    if (isWriting.current) return;
    isWriting.current = true;
    try {
      const db = await appDb();
      while (pending.current !== null) {
        const value = pending.current;
        pending.current = null;
        await saveAutoLabelThreshold(db, modelId, value);
      }
      setSaveState('saved');
    } catch (caught) {
      setSaveState('error');
      setError(String(caught));
    } finally {
      isWriting.current = false;
    }
  }, [modelId]);

  const choose = (value: number) => {
    setThreshold(value);
    setSaveState('saving');
    pending.current = value;
    writePending().catch((caught: unknown) => setError(String(caught)));
  };

  const curve = useMemo(
    () =>
      coverageCurve(confidences, correct, 100).map((point) => ({
        ...point,
        // Nothing covered at the top end: a gap in the line, not a point at NaN.
        accuracy: Number.isNaN(point.accuracy) ? null : point.accuracy,
      })),
    [confidences, correct],
  );
  if (threshold === null)
    return <p className="muted">{saveState === 'error' ? error : 'Reading the threshold…'}</p>;
  const point = coverageAt(confidences, correct, threshold);
  const total = confidences.length;
  return (
    <section aria-labelledby="coverage-heading" className="coverage">
      <h3 id="coverage-heading">Automatic labels</h3>
      <div className="dial">
        <label htmlFor={sliderId}>
          Label automatically at confidence ≥{' '}
          <strong data-testid="threshold-value">{pct(threshold)}</strong>
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          aria-valuetext={`${pct(threshold)} confidence`}
          onChange={(event) => choose(Number(event.target.value))}
        />
      </div>
      <p aria-live="polite">
        <strong data-testid="coverage-share">{percent(point.coverage)}</strong> of held-out products
        get a label automatically ({point.covered.toLocaleString()} of {total.toLocaleString()}),{' '}
        <strong data-testid="coverage-accuracy">{percent(point.accuracy)}</strong> of them right.
        The other {percent(1 - point.coverage)} go to review instead of being guessed.
      </p>
      <p className="muted" role="status" data-testid="threshold-saved">
        {saveState === 'saving'
          ? 'Saving…'
          : saveState === 'error'
            ? `Not saved: ${error}`
            : 'Saved with the model.'}
      </p>
      <figure className="chart" aria-label="Coverage and accuracy by threshold">
        <figcaption>Share labelled automatically, and their accuracy, at each threshold</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={curve} margin={{ left: 8, right: 16, bottom: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="threshold"
              domain={[0, 1]}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              tickFormatter={pct}
              label={{ value: 'threshold', position: 'insideBottom', offset: -8 }}
            />
            <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={pct} />
            <Tooltip
              formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))}
              labelFormatter={(value) =>
                typeof value === 'number' ? `threshold ${pct(value)}` : ''
              }
            />
            <Legend verticalAlign="top" height={28} />
            <ReferenceLine x={threshold} stroke="#636e72" />
            <Line
              dataKey="coverage"
              name="labelled automatically"
              stroke="#3867d6"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="accuracy"
              name="accuracy of those"
              stroke="#20bf6b"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}
