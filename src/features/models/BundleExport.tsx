import { useEffect, useId, useState } from 'react';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { modelName } from '@shared/db/model-store.ts';
import type {
  BundleExport as Bundle,
  WeightPrecision,
  LifecycleApi,
} from '@shared/contracts/lifecycle.ts';
import type { WorkerHandle } from '../../bridge/workers.ts';
import { downloadBlob, fileSlug, formatBytes } from '../../common/file-download.ts';
import { decimal, percent } from '../../common/format.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure } from '../../common/failure.ts';

const PRECISIONS: { value: WeightPrecision; label: string }[] = [
  { value: 'float32', label: 'float32: exact' },
  { value: 'float16', label: 'float16: half the size' },
  { value: 'uint8', label: 'uint8: a quarter of the size' },
];

interface BundleExportProps {
  model: ModelRecord;
  worker: () => WorkerHandle<LifecycleApi>;
  onClose: () => void;
}

function signed(points: number, digits: number): string {
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(digits)}`;
}

/**
 * Exports a model as a .zip bundle. Each precision is built and measured before anything is
 * saved: the bundle's size, and accuracy and macro-F1 on the model's held-out test rows with
 * the weights exactly as an import will read them.
 */
export function BundleExport({ model, worker, onClose }: BundleExportProps) {
  const headingId = useId();
  const [precision, setPrecision] = useState<WeightPrecision>('float32');
  // The latest answer, for the precision it was measured at: another precision is measuring.
  const [answer, setAnswer] = useState<
    | { precision: WeightPrecision; status: 'ready'; bundle: Bundle }
    | { precision: WeightPrecision; status: 'failed'; code: string; message: string }
    | null
  >(null);
  const state = answer?.precision === precision ? answer : { status: 'measuring' as const };

  useEffect(() => {
    let current = true;
    worker()
      .api.exportModelBundle(model.id, precision)
      .then(
        (bundle) => current && setAnswer({ precision, status: 'ready', bundle }),
        (error: unknown) =>
          current &&
          setAnswer({
            precision,
            status: 'failed',
            ...asFailure(error),
          }),
      );
    return () => {
      current = false;
    };
  }, [model.id, precision, worker]);

  const save = (bundle: Bundle) =>
    downloadBlob(
      `${fileSlug(modelName(model))}-${bundle.precision}.shelfwise-model.zip`,
      new Blob([bundle.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    );

  return (
    <div
      className="bundle-export"
      role="group"
      aria-labelledby={headingId}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <h3 id={headingId}>Export “{modelName(model)}”</h3>
      <fieldset>
        <legend>Weight precision</legend>
        {PRECISIONS.map(({ value, label }) => (
          <label key={value}>
            <input
              type="radio"
              name={`${headingId}-precision`}
              value={value}
              checked={precision === value}
              onChange={() => setPrecision(value)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {state.status === 'measuring' && (
        <p className="muted" role="status">
          Building the bundle and measuring it on the held-out rows…
        </p>
      )}
      {state.status === 'ready' && <BundleFigures bundle={state.bundle} />}
      {state.status === 'failed' && <ErrorNote code={state.code} message={state.message} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={state.status !== 'ready'}
          onClick={() => state.status === 'ready' && save(state.bundle)}
        >
          Save bundle
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

function BundleFigures({ bundle }: { bundle: Bundle }) {
  const { effect } = bundle;
  return (
    <div data-testid="bundle-figures">
      <p>
        Bundle <strong data-testid="bundle-size">{formatBytes(bundle.bytes.byteLength)}</strong>;
        weights {formatBytes(bundle.weightBytes)} (
        {percent(bundle.weightBytes / bundle.float32Bytes, 0)} of float32).
      </p>
      {effect ? (
        <p data-testid="bundle-effect">
          On the {effect.rows.toLocaleString()} held-out test rows: accuracy{' '}
          {percent(effect.before.accuracy)} → {percent(effect.after.accuracy)} (
          {signed((effect.after.accuracy - effect.before.accuracy) * 100, 1)} points), macro-F1{' '}
          {decimal(effect.before.macroF1)} → {decimal(effect.after.macroF1)} (
          {signed(effect.after.macroF1 - effect.before.macroF1, 3)}).{' '}
          {effect.changedPredictions.toLocaleString()} top categories changed; the largest
          probability moved by {percent(effect.maxProbabilityChange, 2)}.
        </p>
      ) : (
        <p className="muted" data-testid="bundle-effect">
          The model’s dataset is not in this browser, so the effect of the precision cannot be
          measured here.
        </p>
      )}
    </div>
  );
}
