import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import { confusedPairs } from '@shared/evaluation/confused-pairs.ts';
import { count } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';
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
  const { t } = useTranslation();
  const pairs = useMemo(() => confusedPairs(predictions), [predictions]);
  const [shown, setShown] = useState(PAGE);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const mistakes = pairs.reduce((sum, pair) => sum + pair.count, 0);
  const label = (classId: number) => labels[classId] ?? t('confused.class', { id: classId });
  if (pairs.length === 0)
    return (
      <section aria-labelledby="confused-heading">
        <h3 id="confused-heading">{t('confused.heading')}</h3>
        <p className="muted">{t('confused.none')}</p>
      </section>
    );
  return (
    <section aria-labelledby="confused-heading">
      <h3 id="confused-heading">{t('confused.heading')}</h3>
      <p className="muted">
        {t('confused.summary', {
          mistakes: count(mistakes),
          total: count(predictions.truth.length),
          pairs: count(pairs.length),
        })}
      </p>
      <table className="confused" data-testid="confused-pairs">
        <thead>
          <tr>
            <th scope="col">{t('confused.true')}</th>
            <th scope="col">{t('confused.predicted')}</th>
            <th scope="col">{t('confused.products')}</th>
          </tr>
        </thead>
        {pairs.slice(0, shown).map((pair) => {
          const key = `${pair.trueClass}:${pair.predictedClass}`;
          const isOpen = openKey === key;
          const detailsId = `confused-${pair.trueClass}-${pair.predictedClass}`;
          return (
            <tbody key={key}>
              <tr className={isOpen ? 'selected' : ''}>
                <td>
                  <Data>{label(pair.trueClass)}</Data>
                </td>
                <td>
                  <Data>{label(pair.predictedClass)}</Data>
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? detailsId : undefined}
                    aria-label={t('confused.pairLabel', {
                      count: pair.count,
                      truth: label(pair.trueClass),
                      predicted: label(pair.predictedClass),
                    })}
                    onClick={() => setOpenKey(isOpen ? null : key)}
                  >
                    {count(pair.count)}
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
          {t('confused.more', {
            shown: count(Math.min(PAGE, pairs.length - shown)),
            left: count(pairs.length - shown),
          })}
        </button>
      )}
    </section>
  );
}
