import { useEffect, useState } from 'react';
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
  if (error) return <p className="error">The products could not be read: {error}</p>;
  if (!products) return <p className="muted">Reading the products…</p>;
  const { k, positions, truth, topClasses, calibratedProbabilities } = predictions;
  return (
    <table className="drill-down" data-testid="confused-products">
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">True</th>
          <th scope="col">Predicted</th>
          <th scope="col">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const product = products[positions[r] ?? -1];
          return (
            <tr key={r}>
              <td>{product?.title ?? '(row no longer stored)'}</td>
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
