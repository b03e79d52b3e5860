import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { ScreenFrame } from '../../common/components/ScreenFrame.tsx';
import { appDb } from '../../common/db.ts';
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from '../../i18n/i18n.ts';
import { reviewerName, saveReviewerName } from '../review/reviewer.ts';
import { BackendPicker } from './BackendPicker.tsx';

/** The interface language, the compute backend, the reviewer's name, the guide. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { report } = useWorkspace();
  const [reviewer, setReviewer] = useState(reviewerName);
  const [guideShown, setGuideShown] = useState(false);
  return (
    <ScreenFrame screen="settings" lead={t('settings.lead')}>
      <section className="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t('settings.language')}</h2>
        <fieldset className="choices">
          <legend className="visually-hidden">{t('settings.language')}</legend>
          {LANGUAGES.map(({ code, name }) => (
            <label key={code} lang={code} translate="no">
              <input
                type="radio"
                name="language"
                value={code}
                checked={currentLanguage() === code}
                onChange={() => chooseLanguage(code as Language).catch(report)}
              />{' '}
              {name}
            </label>
          ))}
        </fieldset>
        <p className="muted">{t('settings.languageHelp')}</p>
      </section>
      <section className="card" aria-labelledby="backend-heading">
        <h2 id="backend-heading">{t('settings.backend.heading')}</h2>
        <p className="muted">{t('settings.backend.help')}</p>
        <BackendPicker />
      </section>
      <section className="card" aria-labelledby="reviewer-heading">
        <h2 id="reviewer-heading">{t('settings.reviewer.heading')}</h2>
        <label className="field">
          <span>{t('settings.reviewer.label')}</span>
          <input
            value={reviewer}
            onChange={(event) => {
              setReviewer(event.target.value);
              saveReviewerName(event.target.value);
            }}
          />
        </label>
        <p className="muted">{t('settings.reviewer.help')}</p>
      </section>
      <section className="card" aria-labelledby="guide-heading">
        <h2 id="guide-heading">{t('settings.guide.heading')}</h2>
        <p className="muted">{t('settings.guide.help')}</p>
        <button
          type="button"
          onClick={() =>
            appDb()
              .then((db) => db.put('settings', { hidden: false }, 'guide'))
              .then(() => setGuideShown(true), report)
          }
        >
          {t('settings.guide.show')}
        </button>
        {guideShown && <Banner kind="success" title={t('settings.guide.shown')} />}
      </section>
    </ScreenFrame>
  );
}
