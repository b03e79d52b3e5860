import { useMemo, useState } from 'react';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import { confusedPairs } from '@shared/evaluation/confused-pairs.ts';
import { ConfusedProducts } from './ConfusedProducts.tsx';

const PAGE = 15;

/**
 * The confusion view for any number of categories: the (true, predicted) pairs the model
 * mixed up most, each opening onto the products behind it.
 */
export function ConfusedPairs({
  predictions,
  labels,
  datasetId,
}: {
  predictions: HeldOutPredictionsRecord;
  labels: string[];
  datasetId: string;
}) {
  const pairs = useMemo(() => confusedPairs(predictions), [predictions]);
  const [shown, setShown] = useState(PAGE);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const mistakes = pairs.reduce((sum, pair) => sum + pair.count, 0);
  const label = (classId: number) => labels[classId] ?? `class ${classId}`;
  if (pairs.length === 0)
    return (
      <section aria-labelledby="confused-heading">
        <h3 id="confused-heading">Most confused categories</h3>
        <p className="muted">No held-out product was misclassified.</p>
      </section>
    );
  return (
    <section aria-labelledby="confused-heading">
      <h3 id="confused-heading">Most confused categories</h3>
      <p className="muted">
        {mistakes.toLocaleString()} of {predictions.truth.length.toLocaleString()} held-out products
        were misclassified, in {pairs.length.toLocaleString()} pairs of categories. Open a pair to
        see its products.
      </p>
      <table className="confused" data-testid="confused-pairs">
        <thead>
          <tr>
            <th scope="col">True category</th>
            <th scope="col">Predicted as</th>
            <th scope="col">Products</th>
          </tr>
        </thead>
        {pairs.slice(0, shown).map((pair) => {
          const key = `${pair.trueClass}:${pair.predictedClass}`;
          const isOpen = openKey === key;
          const detailsId = `confused-${pair.trueClass}-${pair.predictedClass}`;
          return (
            <tbody key={key}>
              <tr className={isOpen ? 'selected' : ''}>
                <td>{label(pair.trueClass)}</td>
                <td>{label(pair.predictedClass)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? detailsId : undefined}
                    aria-label={`${pair.count} ${label(pair.trueClass)} predicted as ${label(pair.predictedClass)}`}
                    onClick={() => setOpenKey(isOpen ? null : key)}
                  >
                    {pair.count}
                  </button>
                </td>
              </tr>
              {isOpen && (
                <tr id={detailsId}>
                  <td colSpan={3}>
                    <ConfusedProducts
                      predictions={predictions}
                      rows={pair.rows}
                      labels={labels}
                      datasetId={datasetId}
                    />
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
      {shown < pairs.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, pairs.length - shown)} more of {pairs.length - shown}
        </button>
      )}
    </section>
  );
}
