import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsValues } from '@shared/db/records/settings.ts';
import { appDb } from '../../common/db.ts';
import { isDemo } from '../../features/import/demo.ts';
import { STEPS, stepNumber, type Step } from '../routes.ts';
import { useWorkspace } from '../workspace-context.tsx';

/**
 * The first-run guide: while the owner works on the demo catalogue, each step says in two
 * sentences what to do there. Hidden for good with one button (kept per browser).
 */
export function Guide() {
  const { t } = useTranslation();
  const { route, dataset, report } = useWorkspace();
  const [hidden, setHidden] = useState<boolean | null>(null);
  useEffect(() => {
    appDb()
      .then((db) => db.get('settings', 'guide'))
      .then(
        (stored) => setHidden((stored as SettingsValues['guide'] | undefined)?.hidden ?? false),
        report,
      );
    // Read again on each screen: the guide can be shown again from Settings.
  }, [report, route.screen]);
  const step = STEPS.includes(route.screen as Step) ? (route.screen as Step) : null;
  if (hidden !== false || !step || !dataset || !isDemo(dataset)) return null;
  const hide = () => {
    setHidden(true);
    appDb()
      .then((db) => db.put('settings', { hidden: true }, 'guide'))
      .catch(report);
  };
  return (
    <aside className="guide" aria-labelledby="guide-title" data-testid="guide">
      <p className="guide-title" id="guide-title">
        {t('guide.title', { step: stepNumber(step), steps: STEPS.length })}
      </p>
      <p>{t(`guide.${step}`)}</p>
      <button type="button" className="link" onClick={hide}>
        {t('guide.hide')}
      </button>
    </aside>
  );
}
