import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { BundleExport as Bundle, WeightPrecision } from '@shared/contracts/lifecycle.ts';
import { useWorker } from '../../app/workers-context.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure } from '../../common/failure.ts';
import { downloadBlob, fileSlug } from '../../common/file-download.ts';
import { count, decimal, formatBytes, percent, signedDecimal } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';

const PRECISIONS: WeightPrecision[] = ['float32', 'float16', 'uint8'];

interface BundleExportProps {
  model: ModelRecord;
  onClose: () => void;
}

/**
 * Exports a model as a .zip bundle. Each precision is built and measured before anything is
 * saved: the bundle's size, and accuracy and macro-F1 on the model's held-out test rows with
 * the weights exactly as an import will read them.
 */
export function BundleExport({ model, onClose }: BundleExportProps) {
  const { t } = useTranslation();
  const worker = useWorker('lifecycle');
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
    worker
      .get()
      .api.exportModelBundle(model.id, precision)
      .then(
        (bundle) => current && setAnswer({ precision, status: 'ready', bundle }),
        (error: unknown) =>
          current && setAnswer({ precision, status: 'failed', ...asFailure(error) }),
      );
    return () => {
      current = false;
    };
  }, [model.id, precision, worker]);

  const save = (bundle: Bundle) =>
    downloadBlob(
      `${fileSlug(displayModelName(model))}-${bundle.precision}.shelfwise-model.zip`,
      new Blob([bundle.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    );

  return (
    <div
      className="bundle-export"
      role="group"
      aria-labelledby={headingId}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <h3 id={headingId}>
        {rich(t('bundle.heading', { name: slot('name') }), {
          name: <Data>{displayModelName(model)}</Data>,
        })}
      </h3>
      <fieldset>
        <legend>{t('bundle.precision')}</legend>
        {PRECISIONS.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={`${headingId}-precision`}
              value={value}
              checked={precision === value}
              onChange={() => setPrecision(value)}
            />{' '}
            <span translate="no">{value}</span>: {t(`bundle.precisions.${value}`)}
          </label>
        ))}
      </fieldset>
      {state.status === 'measuring' && (
        <p className="muted" role="status">
          {t('bundle.measuring')}
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
          {t('bundle.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}

function BundleFigures({ bundle }: { bundle: Bundle }) {
  const { t } = useTranslation();
  const { effect } = bundle;
  return (
    <div data-testid="bundle-figures">
      <p>
        {rich(
          t('bundle.size', {
            size: slot('size'),
            weights: formatBytes(bundle.weightBytes),
            share: percent(bundle.weightBytes / bundle.float32Bytes, 0),
          }),
          {
            size: <strong data-testid="bundle-size">{formatBytes(bundle.bytes.byteLength)}</strong>,
          },
        )}
      </p>
      {effect ? (
        <p data-testid="bundle-effect">
          {t('bundle.effect', {
            rows: count(effect.rows),
            accuracyBefore: percent(effect.before.accuracy),
            accuracyAfter: percent(effect.after.accuracy),
            points: signedDecimal((effect.after.accuracy - effect.before.accuracy) * 100, 1),
            f1Before: decimal(effect.before.macroF1),
            f1After: decimal(effect.after.macroF1),
            f1Change: signedDecimal(effect.after.macroF1 - effect.before.macroF1),
            changed: count(effect.changedPredictions),
            moved: percent(effect.maxProbabilityChange, 2),
          })}
        </p>
      ) : (
        <p className="muted" data-testid="bundle-effect">
          {t('bundle.noDataset')}
        </p>
      )}
    </div>
  );
}
