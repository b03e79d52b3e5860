import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { correctness, topConfidences } from '@shared/evaluation/held-out-predictions.ts';
import { coverageAt } from '@shared/evaluation/coverage.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { Expert } from '../../common/components/Expert.tsx';
import { NextStep } from '../../common/components/NextStep.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { count, percent } from '../../common/format.ts';
import { displayModelName } from '../../common/model-name.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { ClassifyPanel } from './ClassifyPanel.tsx';
import { CoverageDial } from './CoverageDial.tsx';
import { EvaluationPanel } from './EvaluationPanel.tsx';
import { RetrainComparison } from './RetrainComparison.tsx';
import { useAutoLabelThreshold } from './use-auto-label-threshold.ts';
import { useHeldOutPredictions } from './use-held-out-predictions.ts';

/** Categories shown as the weakest: enough to act on, few enough to read. */
const WEAKEST = 3;

/** Step 3: how well the model does, in one sentence, with the figures one click away. */
export function CheckScreen() {
  const { t } = useTranslation();
  const { model } = useWorkspace();
  if (!model)
    return (
      <ScreenFrame screen="check">
        <EmptyState title={t('check.empty.title')} go="train">
          <p>{t('check.empty.body')}</p>
        </EmptyState>
      </ScreenFrame>
    );
  return <CheckModel key={model.id} model={model} />;
}

function CheckModel({ model }: { model: ModelRecord }) {
  const { t } = useTranslation();
  const heldOut = useHeldOutPredictions(model.id);
  const { threshold, save, error, choose } = useAutoLabelThreshold(model.id);
  const figures = useMemo(() => {
    if (heldOut.status !== 'ready') return null;
    const { predictions } = heldOut;
    return {
      confidences: topConfidences(predictions.calibratedProbabilities, predictions.k),
      correct: correctness(predictions),
    };
  }, [heldOut]);
  const point =
    figures && threshold !== null
      ? coverageAt(figures.confidences, figures.correct, threshold)
      : null;
  const { metrics, testRows } = model.evaluation;
  const lead = point
    ? point.covered === 0
      ? t('check.leadNone', { threshold: percent(threshold ?? 1, 0) })
      : t('check.lead', {
          covered: percent(point.coverage),
          accuracy: percent(point.accuracy),
          rest: percent(1 - point.coverage),
        })
    : t('check.leadAccuracy', { accuracy: percent(metrics.accuracy) });
  const weakest = [...metrics.perClass]
    .filter((c) => c.support > 0)
    .sort((a, b) => a.recall - b.recall)
    .slice(0, WEAKEST);
  return (
    <ScreenFrame
      screen="check"
      lead={lead}
      about={
        <>
          <p>{t('check.about.honest', { products: count(testRows) })}</p>
          <p>{t('check.about.threshold')}</p>
        </>
      }
    >
      <p className="muted" data-testid="check-model">
        {rich(t('check.model', { name: slot('name'), products: count(testRows) }), {
          name: <Data>{displayModelName(model)}</Data>,
        })}
      </p>
      {model.comparison && <RetrainComparison model={{ ...model, comparison: model.comparison }} />}
      {figures && threshold !== null && (
        <CoverageDial
          confidences={figures.confidences}
          correct={figures.correct}
          threshold={threshold}
          save={save}
          error={error}
          onChange={choose}
        />
      )}
      {weakest.length > 0 && (
        <p className="weakest">
          {t('check.weakest')}{' '}
          {weakest.map((c, i) => (
            <span key={c.label}>
              {i > 0 && t('common.listSeparator')}
              <Data>{c.label.split(' > ').pop()}</Data>{' '}
              <span className="muted">
                {t('check.rightShare', { share: percent(c.recall, 0) })}
              </span>
            </span>
          ))}
        </p>
      )}
      <NextStep to="review">{t('check.next')}</NextStep>
      <ClassifyPanel />
      <section className="card" aria-labelledby="expert-heading">
        <h2 id="expert-heading">{t('check.expert.heading')}</h2>
        <Expert summary={t('check.expert.summary')} testId="expert">
          <EvaluationPanel model={model} heldOut={heldOut} />
        </Expert>
      </section>
    </ScreenFrame>
  );
}
