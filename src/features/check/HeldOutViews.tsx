import { useMemo } from 'react';
import type { HeldOutPredictionsRecord } from '@shared/db/records/evaluation.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { correctness, topConfidences } from '@shared/evaluation/held-out-predictions.ts';
import {
  confidenceBins,
  equalCountBins,
  expectedCalibrationError,
} from '@shared/evaluation/reliability.ts';
import { decimal } from '../../common/format.ts';
import { ConfusedPairs } from './ConfusedPairs.tsx';
import { ConfidenceHistogram } from './ConfidenceHistogram.tsx';
import { ReliabilityChart } from './ReliabilityChart.tsx';
import { CoverageDial } from './CoverageDial.tsx';

const BINS = 10;

/** The views that need each held-out prediction: confusions, calibration and coverage. */
export function HeldOutViews({
  model,
  predictions,
}: {
  model: ModelRecord;
  predictions: HeldOutPredictionsRecord;
}) {
  const figures = useMemo(() => {
    const correct = correctness(predictions);
    const raw = topConfidences(predictions.rawProbabilities, predictions.k);
    const calibrated = topConfidences(predictions.calibratedProbabilities, predictions.k);
    const rawBins = confidenceBins(raw, correct, BINS);
    const calibratedBins = confidenceBins(calibrated, correct, BINS);
    return {
      correct,
      calibrated,
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
        <h3 id="calibration-heading">Confidence and calibration</h3>
        <p className="muted">
          A softmax temperature of {temperature} fitted on the validation products lowers their
          negative log-likelihood from {decimal(validationNll.raw)} to{' '}
          {decimal(validationNll.calibrated)}. On the held-out products the expected calibration
          error goes from <span data-testid="ece-raw">{decimal(figures.rawEce)}</span> to{' '}
          <span data-testid="ece-calibrated">{decimal(figures.calibratedEce)}</span>.
        </p>
        <ConfidenceHistogram bins={figures.calibratedBins} />
        <ReliabilityChart
          caption={`Reliability: accuracy against confidence on the held-out products, in ${BINS} groups of equal size, before and after temperature scaling. The dashed diagonal is perfect calibration; above it the model is right more often than it claims, below it less.`}
          series={[
            { name: 'temperature 1', bins: figures.rawGroups, color: '#fa8231' },
            {
              name: `fitted temperature ${temperature}`,
              bins: figures.calibratedGroups,
              color: '#3867d6',
            },
          ]}
        />
      </section>
      <CoverageDial
        key={model.id}
        modelId={model.id}
        confidences={figures.calibrated}
        correct={figures.correct}
      />
    </>
  );
}
