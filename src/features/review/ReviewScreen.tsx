import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';

/** Step 4: the owner answers for the products whose label looks wrong. */
export function ReviewScreen() {
  const { t } = useTranslation();
  const { dataset, modelOfDataset } = useWorkspace();
  return (
    <ScreenFrame
      screen="review"
      lead={modelOfDataset && dataset ? t('review.lead') : undefined}
      about={
        <>
          <p>{t('review.about.crossCheck')}</p>
          <p>{t('review.about.saved')}</p>
        </>
      }
    >
      {modelOfDataset && dataset ? (
        <ReviewPanel key={modelOfDataset.id} model={modelOfDataset} dataset={dataset} />
      ) : (
        <EmptyState title={t('review.empty.title')} go={dataset ? 'train' : 'import'}>
          <p>{t('review.empty.body')}</p>
        </EmptyState>
      )}
    </ScreenFrame>
  );
}
