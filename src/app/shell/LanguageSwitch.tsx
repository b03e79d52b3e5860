import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from '../../i18n/i18n.ts';

/** The interface language; the browser's decides until the owner picks one here. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('settings.language')}</span>
      <span aria-hidden="true">文/A </span>
      <select
        value={currentLanguage()}
        data-testid="language-switch"
        onChange={(event) =>
          chooseLanguage(event.target.value as Language).catch((error: unknown) =>
            console.error(error),
          )
        }
      >
        {LANGUAGES.map(({ code, name }) => (
          <option key={code} value={code} lang={code} translate="no">
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
