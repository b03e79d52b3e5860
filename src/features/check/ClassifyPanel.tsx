import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  NearestProduct,
  PathClassification,
  TextExplanation,
} from '@shared/contracts/classify.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure, type Failure } from '../../common/failure.ts';
import { count, percent } from '../../common/format.ts';
import { Explanation } from './Explanation.tsx';
import { PathPrediction } from './PathPrediction.tsx';

/** Below this leaf confidence the panel names the deepest confident ancestor instead. */
const BACK_OFF_THRESHOLD = 0.5;

type Result = { label: string; probability: number }[];

/** Try the model on one product: its top categories, and why, word by word. */
export function ClassifyPanel() {
  const { t } = useTranslation();
  const worker = useWorker('classify');
  const { modelReady } = useWorkspace();
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
  const explanation = useRef<HTMLDivElement>(null);

  const report = (caught: unknown) => setError(asFailure(caught));

  async function explain(label: string, show = false) {
    const product = { title, description };
    const [text, nearest] = await Promise.all([
      worker.get().api.explain(product, label),
      worker.get().api.nearest(product, 5),
    ]);
    setWhy({ explanation: text, nearest });
    if (show) explanation.current?.scrollIntoView({ block: 'nearest' });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setWhy(null);
    const started = performance.now();
    try {
      const [ranked] = await worker.get().api.classify([{ title, description }], 5);
      const ms = performance.now() - started;
      const [path] = await worker
        .get()
        .api.classifyPaths([{ title, description }], BACK_OFF_THRESHOLD);
      setResult({ ranked: ranked ?? [], ms, path });
      if (ranked?.[0]) await explain(ranked[0].label);
    } catch (caught) {
      report(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="classify-heading">
      <h2 id="classify-heading">{t('tryProduct.heading')}</h2>
      <p className="muted">{t('tryProduct.help')}</p>
      <form onSubmit={(event) => submit(event).catch(report)} className="classify">
        <label>
          {t('tryProduct.title')}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            placeholder={t('tryProduct.placeholder')}
          />
        </label>
        <label>
          {t('tryProduct.description')}
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </label>
        <div className="actions">
          <button type="submit" disabled={!modelReady || !title.trim()}>
            {t('tryProduct.classify')}
          </button>
          {!modelReady && <span className="muted">{t('tryProduct.loading')}</span>}
        </div>
      </form>
      {result?.path && <PathPrediction result={result.path} />}
      {result && (
        <>
          <ol className="ranked" data-testid="predictions">
            {result.ranked.map(({ label, probability }) => (
              <li key={label}>
                <span className="bar" style={{ width: `${Math.max(2, probability * 100)}%` }} />
                <span className="label" translate="no">
                  {label}
                </span>{' '}
                <span className="muted">{percent(probability)}</span>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={t('tryProduct.whyLabel', { label })}
                  aria-pressed={why?.explanation.label === label}
                  onClick={() => explain(label, true).catch(report)}
                >
                  {t('tryProduct.why')}
                </button>
              </li>
            ))}
          </ol>
          <p className="muted">{t('tryProduct.answered', { ms: count(Math.round(result.ms)) })}</p>
        </>
      )}
      <div ref={explanation}>
        {why && <Explanation explanation={why.explanation} nearest={why.nearest} />}
      </div>
      {error && <ErrorNote code={error.code} message={error.message} />}
    </section>
  );
}
