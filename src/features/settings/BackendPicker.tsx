import { useTranslation } from 'react-i18next';
import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';
import { useBackendChoice } from '../../app/backend-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { count } from '../../common/format.ts';
import { backendName } from '../train/fallback-text.ts';

/** Which TF.js backend the jobs run on: the fastest measured, or the owner's pick. */
export function BackendPicker() {
  const { t } = useTranslation();
  const { current, figures, measuring, automatic, pick, measure } = useBackendChoice();
  const { report } = useWorkspace();
  return (
    <div className="backend">
      <label className="field">
        <span>{t('settings.backend.label')}</span>
        <select
          aria-label={t('settings.backend.label')}
          value={current ?? ''}
          disabled={measuring || current === null}
          onChange={(event) => pick(event.target.value as BackendName).catch(report)}
        >
          {current === null && <option value="">{t('settings.backend.starting')}</option>}
          {BACKEND_NAMES.map((name) => {
            const figure = figures.find((f) => f.backend === name);
            const note = figure
              ? figure.stepMs === null
                ? ` (${t('settings.backend.unavailable')})`
                : ` (${t('settings.backend.msPerStep', { ms: count(Math.round(figure.stepMs)) })})`
              : '';
            return (
              <option key={name} value={name} disabled={figure?.stepMs === null}>
                {backendName(name, t)}
                {note}
              </option>
            );
          })}
        </select>
      </label>
      <p className="muted">
        {measuring
          ? t('settings.backend.measuring')
          : automatic
            ? t('settings.backend.automatic')
            : t('settings.backend.chosen')}
      </p>
      <button type="button" onClick={() => measure().catch(report)} disabled={measuring}>
        {t('settings.backend.measure')}
      </button>
    </div>
  );
}
