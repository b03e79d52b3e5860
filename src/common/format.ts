/**
 * Numbers, shares, sizes, durations and dates in the interface's language, in one style:
 * every figure the page shows goes through these, never through toFixed or toLocaleString.
 */
import { currentLanguage, i18n } from '../i18n/i18n.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const language = currentLanguage();
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    numberFormats.set(key, format);
  }
  return format;
}

const MISSING = '—';

/** A count: "3,000". */
export const count = (value: number): string =>
  Number.isFinite(value) ? numberFormat({ maximumFractionDigits: 0 }).format(value) : MISSING;

/** A share of 1 as a percentage with `digits` decimals: 0.965 → "96.5%". */
export const percent = (value: number, digits = 1): string =>
  Number.isFinite(value)
    ? numberFormat({
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value)
    : MISSING;

/** A figure with a fixed number of decimals: 0.9741 → "0.974". */
export const decimal = (value: number, digits = 3): string =>
  Number.isFinite(value)
    ? numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
    : MISSING;

/** A difference with its sign: +0.012, −0.004 (a true minus sign). */
export const signedDecimal = (value: number, digits = 3): string =>
  Number.isFinite(value)
    ? numberFormat({
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: 'exceptZero',
      })
        .format(value)
        .replace('-', '−')
    : MISSING;

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in the decimal units storage quotas use: 1,500,000 bytes → "1.5 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return MISSING;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return numberFormat({
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
}

/** A duration: "45 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return MISSING;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return i18n.t('format.seconds', { seconds: count(seconds) });
  return i18n.t('format.minutesSeconds', {
    minutes: count(Math.floor(seconds / 60)),
    seconds: String(seconds % 60).padStart(2, '0'),
  });
}

/** Seconds with one decimal, for short jobs: "12.3 s". */
export const formatSeconds = (ms: number): string =>
  i18n.t('format.seconds', { seconds: decimal(ms / 1000, 1) });

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment: "1 Mar 2026, 20:15" in the interface's language. */
export function dateTime(ms: number): string {
  const language = currentLanguage();
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(language, format);
  }
  return format.format(ms);
}
