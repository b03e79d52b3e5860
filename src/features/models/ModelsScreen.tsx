import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { ModelRegistry } from './ModelRegistry.tsx';

/** Every model in this browser: the one in use, the others, bundles in and out. */
export function ModelsScreen() {
  const { t } = useTranslation();
  return (
    <ScreenFrame
      screen="models"
      lead={t('models.lead')}
      about={
        <>
          <p>{t('models.about.inUse')}</p>
          <p>{t('models.about.bundles')}</p>
        </>
      }
    >
      <ModelRegistry />
    </ScreenFrame>
  );
}
