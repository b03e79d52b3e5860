import 'i18next';
import type { en } from './locales/en/index.ts';

// Every t('…') key is checked against the English texts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
