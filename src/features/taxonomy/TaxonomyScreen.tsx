import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { EmptyState } from '../../common/components/EmptyState.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { CategoryMapping } from './CategoryMapping.tsx';

/** The catalogue's categories mapped to a standard taxonomy (Shopify, Google, Best Buy). */
export function TaxonomyScreen() {
  const { t } = useTranslation();
  const { dataset } = useWorkspace();
  return (
    <ScreenFrame
      screen="taxonomy"
      lead={dataset ? t('taxonomy.lead') : undefined}
      about={
        <>
          <p>{t('taxonomy.about.why')}</p>
          <p>{t('taxonomy.about.confirm')}</p>
        </>
      }
    >
      {dataset ? (
        <CategoryMapping key={dataset.id} dataset={dataset} />
      ) : (
        <EmptyState title={t('taxonomy.empty.title')} go="import">
          <p>{t('taxonomy.empty.body')}</p>
        </EmptyState>
      )}
    </ScreenFrame>
  );
}
