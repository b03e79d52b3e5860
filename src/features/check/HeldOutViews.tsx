import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { correctness, topConfidences } from '@shared/evaluation/held-out-predictions.ts';
import {
  confidenceBins,
  equalCountBins,
  expectedCalibrationError,
} from '@shared/evaluation/reliability.ts';
import { decimal } from '../../common/format.ts';
import { rich, slot } from '../../i18n/rich.tsx';
import { ConfusedPairs } from './ConfusedPairs.tsx';
import { ConfidenceHistogram } from './ConfidenceHistogram.tsx';
import { ReliabilityChart } from './ReliabilityChart.tsx';

const BINS = 10;

/** The expert views that need each held-out prediction: confusions and calibration. */
export function HeldOutViews({
  model,
  predictions,
}: {
  model: ModelRecord;
  predictions: HeldOutPredictionsRecord;
}) {
  const { t } = useTranslation();
  const figures = useMemo(() => {
    const correct = correctness(predictions);
    const raw = topConfidences(predictions.rawProbabilities, predictions.k);
    const calibrated = topConfidences(predictions.calibratedProbabilities, predictions.k);
    const rawBins = confidenceBins(raw, correct, BINS);
    const calibratedBins = confidenceBins(calibrated, correct, BINS);
    return {
      calibratedBins,
      // Equal-count groups for the diagram: most products sit in the top equal-width bin.
      rawGroups: equalCountBins(raw, correct, BINS),
      calibratedGroups: equalCountBins(calibrated, correct, BINS),
      rawEce: expectedCalibrationError(rawBins),
      calibratedEce: expectedCalibrationError(calibratedBins),
    };
  }, [predictions]);
  const { temperature, validationNll } = predictions;
  return (
    <>
      <ConfusedPairs predictions={predictions} labels={model.labels} datasetId={model.datasetId} />
      <section aria-labelledby="calibration-heading">
        <h3 id="calibration-heading">{t('calibration.heading')}</h3>
        <p className="muted">
          {rich(
            t('calibration.text', {
              temperature: decimal(temperature, 2),
              nllRaw: decimal(validationNll.raw),
              nllCalibrated: decimal(validationNll.calibrated),
              eceRaw: slot('eceRaw'),
              eceCalibrated: slot('eceCalibrated'),
            }),
            {
              eceRaw: <span data-testid="ece-raw">{decimal(figures.rawEce)}</span>,
              eceCalibrated: (
                <span data-testid="ece-calibrated">{decimal(figures.calibratedEce)}</span>
              ),
            },
          )}
        </p>
        <ConfidenceHistogram bins={figures.calibratedBins} />
        <ReliabilityChart
          caption={t('calibration.reliabilityCaption', { bins: BINS })}
          series={[
            { name: t('calibration.raw'), bins: figures.rawGroups, color: '#fa8231' },
            {
              name: t('calibration.fitted', { temperature: decimal(temperature, 2) }),
              bins: figures.calibratedGroups,
              color: '#3867d6',
            },
          ]}
        />
      </section>
    </>
  );
}
