import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import { datasetRows } from './dataset-rows-cache.ts';
import { percent } from '../../common/format.ts';

/** The held-out products behind one confused pair: title, true and predicted category, confidence. */
export function ConfusedProducts({
  predictions,
  rows,
  labels,
  datasetId,
}: {
  predictions: HeldOutPredictionsRecord;
  /** Indices into the prediction rows. */
  rows: number[];
  labels: string[];
  datasetId: string;
}) {
  const { t } = useTranslation();
  const [products, setProducts] = useState<StoredRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    datasetRows(datasetId).then(
      (all) => isCurrent && setProducts(all),
      (caught: unknown) => isCurrent && setError(String(caught)),
    );
    return () => {
      isCurrent = false;
    };
  }, [datasetId]);
  if (error) return <p className="banner banner-error">{t('confused.unreadable')}</p>;
  if (!products) return <p className="muted">{t('confused.reading')}</p>;
  const { k, positions, truth, topClasses, calibratedProbabilities } = predictions;
  return (
    <table className="drill-down" data-testid="confused-products">
      <thead>
        <tr>
          <th scope="col">{t('confused.product')}</th>
          <th scope="col">{t('confused.trueShort')}</th>
          <th scope="col">{t('confused.predictedShort')}</th>
          <th scope="col">{t('confused.confidence')}</th>
        </tr>
      </thead>
      <tbody translate="no">
        {rows.map((r) => {
          const product = products[positions[r] ?? -1];
          return (
            <tr key={r}>
              <td>{product?.title ?? '—'}</td>
              <td>{labels[truth[r] ?? -1]}</td>
              <td>{labels[topClasses[r * k] ?? -1]}</td>
              <td>{percent(calibratedProbabilities[r * k] ?? Number.NaN)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
