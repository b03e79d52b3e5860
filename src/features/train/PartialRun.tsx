import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { deleteModel } from '@shared/db/model-store.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { appDb } from '../../common/db.ts';
import { count, decimal, percent } from '../../common/format.ts';

/**
 * A run the owner stopped keeps its best epoch as a model, but it is used only if they say
 * so: it may be far from what a finished run gives.
 */
export function PartialRun({ model, onDecided }: { model: ModelRecord; onDecided(): void }) {
  const { t } = useTranslation();
  const { chooseModel, refresh, report } = useWorkspace();
  const { metrics } = model.evaluation;
  const discard = async () => {
    await deleteModel(await appDb(), model.id);
    await refresh();
    onDecided();
  };
  return (
    <Banner
      kind="warning"
      title={t('train.partial.title', { epoch: count(model.bestEpoch) })}
      testId="partial-run"
      actions={
        <>
          <button
            type="button"
            onClick={() => {
              chooseModel(model.id);
              onDecided();
            }}
          >
            {t('train.partial.keep')}
          </button>
          <button type="button" onClick={() => discard().catch(report)}>
            {t('train.partial.discard')}
          </button>
        </>
      }
    >
      <p>
        {t('train.partial.body', {
          accuracy: percent(metrics.accuracy),
          macroF1: decimal(metrics.macroF1),
        })}
      </p>
    </Banner>
  );
}
