import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { PhotoPanel } from './PhotoPanel.tsx';

/** Product photos: attach them to a catalogue, train a photo model, classify by photo. */
export function PhotosScreen() {
  const { t } = useTranslation();
  const { dataset } = useWorkspace();
  return (
    <ScreenFrame
      screen="photos"
      lead={dataset ? t('photos.lead') : t('photos.leadNoCatalogue')}
      about={
        <>
          <p>{t('photos.about.embed')}</p>
          <p>{t('photos.about.fusion')}</p>
        </>
      }
    >
      <PhotoPanel key={dataset?.id ?? 'none'} dataset={dataset} />
    </ScreenFrame>
  );
}
