import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { StoragePanel } from './StoragePanel.tsx';

/** What this browser keeps for Shelfwise, and whether it promises to keep it. */
export function StorageScreen() {
  const { t } = useTranslation();
  return (
    <ScreenFrame screen="storage" lead={t('storage.lead')} about={<p>{t('storage.about')}</p>}>
      <StoragePanel />
    </ScreenFrame>
  );
}
