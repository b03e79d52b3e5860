import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { ProjectTransfer } from './ProjectTransfer.tsx';

/** Everything to another browser or machine, as one file, and back. */
export function ProjectScreen() {
  const { t } = useTranslation();
  return (
    <ScreenFrame screen="project" lead={t('project.lead')} about={<p>{t('project.about')}</p>}>
      <ProjectTransfer />
    </ScreenFrame>
  );
}
