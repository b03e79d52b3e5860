import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en/index.ts';
import { zhCN } from './locales/zh-CN/index.ts';

/** The interface languages: every string of the interface exists in each. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/** Where the owner's own choice is kept; without one the browser's language decides. */
const LANGUAGE_KEY = 'shelfwise.language';

/** Any Chinese the browser asks for gets the Simplified interface; any other language, English. */
export function supportedLanguage(tag: string | null | undefined): Language {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = i18next.createInstance();

// Resources are bundled, so initialisation is synchronous: the first render is translated.
i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: ['en', 'zh-CN'],
    fallbackLng: 'en',
    load: 'currentOnly',
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    detection: {
      // `?lang=zh-CN` for a shared link, then the owner's choice, then the browser's languages.
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_KEY,
      // Only an explicit choice (chooseLanguage) is remembered.
      caches: [],
      convertDetectedLanguage: supportedLanguage,
    },
  })
  .catch((error: unknown) => console.error('The interface texts could not be loaded', error));

/** The language in use, always one of LANGUAGES (never the raw detected tag). */
export function currentLanguage(): Language {
  return supportedLanguage(i18n.resolvedLanguage);
}

function markDocument(): void {
  // Unit tests load the texts without a page.
  if (typeof document !== 'undefined') document.documentElement.lang = currentLanguage();
}
markDocument();
i18n.on('languageChanged', markDocument);

/** The owner's choice of language, remembered in this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_KEY, language);
  await i18n.changeLanguage(language);
}
