import { useState, type FormEvent } from 'react';
import type {
  ClassifyApi,
  NearestProduct,
  PathClassification,
  TextExplanation,
} from '@shared/contracts/classify.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { Explanation } from './Explanation.tsx';
import { PathPrediction } from './PathPrediction.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';

/** Below this leaf confidence the panel names the deepest confident ancestor instead. */
const BACK_OFF_THRESHOLD = 0.5;

interface ClassifyPanelProps {
  worker: () => WorkerHandle<ClassifyApi>;
  modelReady: boolean;
}

type Result = { label: string; probability: number }[];

export function ClassifyPanel({ worker, modelReady }: ClassifyPanelProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [result, setResult] = useState<{
    ranked: Result;
    ms: number;
    path?: PathClassification;
  } | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [why, setWhy] = useState<{
    explanation: TextExplanation;
    nearest: NearestProduct[];
  } | null>(null);

  const report = (caught: unknown) => setError(asFailure(caught));

  async function explain(label: string) {
    const product = { title, description };
    const [explanation, nearest] = await Promise.all([
      worker().api.explain(product, label),
      worker().api.nearest(product, 5),
    ]);
    setWhy({ explanation, nearest });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setWhy(null);
    const started = performance.now();
    try {
      const [ranked] = await worker().api.classify([{ title, description }], 5);
      const ms = performance.now() - started;
      const [path] = await worker().api.classifyPaths([{ title, description }], BACK_OFF_THRESHOLD);
      setResult({ ranked: ranked ?? [], ms, path });
      if (ranked?.[0]) await explain(ranked[0].label);
    } catch (caught) {
      report(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="classify-heading">
      <h2 id="classify-heading">Classify a product</h2>
      <form onSubmit={(event) => submit(event).catch(report)} className="classify">
        <label>
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            placeholder="e.g. Nike Men Black Running Shoes"
          />
        </label>
        <label>
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </label>
        <button type="submit" className="primary" disabled={!modelReady || !title.trim()}>
          Classify
        </button>
        {!modelReady && <span className="muted"> Train a model first.</span>}
      </form>
      {result?.path && <PathPrediction result={result.path} />}
      {result && (
        <ol className="ranked" data-testid="predictions">
          {result.ranked.map(({ label, probability }) => (
            <li key={label}>
              <span className="bar" style={{ width: `${Math.max(2, probability * 100)}%` }} />
              <span className="label">{label}</span>{' '}
              <span className="muted">{(probability * 100).toFixed(1)}%</span>{' '}
              <button
                type="button"
                className="link"
                aria-label={`Why ${label}`}
                aria-pressed={why?.explanation.label === label}
                onClick={() => explain(label).catch(report)}
              >
                why?
              </button>
            </li>
          ))}
          <p className="muted">Answered in {result.ms.toFixed(0)} ms, on this machine.</p>
        </ol>
      )}
      {why && <Explanation explanation={why.explanation} nearest={why.nearest} />}
      {error && <ErrorNote code={error.code} message={error.message} />}
    </section>
  );
}
