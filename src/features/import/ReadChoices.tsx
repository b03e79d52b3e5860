import { useTranslation } from 'react-i18next';
import {
  DELIMITERS,
  ENCODING_LABELS,
  TEXT_ENCODINGS,
  type ImportPreview,
  type ReadOptions,
  type TextEncodingName,
} from '@shared/contracts/import.ts';

const DELIMITER_KEYS = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' } as const;

interface ReadChoicesProps {
  preview: ImportPreview;
  /** Reads the file again with this choice changed. */
  onChange(change: ReadOptions): void;
}

/**
 * How the file was read, each choice open to change: the text encoding (with a line as read,
 * so the owner sees which one is right), the delimiter, and a spreadsheet's sheet and the
 * sheet its category codes are looked up in.
 */
export function ReadChoices({ preview, onChange }: ReadChoicesProps) {
  const { t } = useTranslation();
  const suggested = ` ${t('import.read.suggested')}`;
  if (!preview.encoding && preview.delimiter === null && preview.sheets.length === 0) return null;
  return (
    <>
      <fieldset className="read-options">
        <legend>{t('import.read.legend')}</legend>
        {preview.encoding && (
          <label>
            <span>{t('import.read.encoding')}</span>
            <select
              aria-label={t('import.read.encoding')}
              value={preview.encoding}
              onChange={(event) => onChange({ encoding: event.target.value as TextEncodingName })}
            >
              {TEXT_ENCODINGS.map((encoding) => (
                <option key={encoding} value={encoding}>
                  {ENCODING_LABELS[encoding]}
                  {preview.encodingCandidates[0]?.encoding === encoding ? suggested : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {preview.delimiter !== null && (
          <label>
            <span>{t('import.read.delimiter')}</span>
            <select
              aria-label={t('import.read.delimiter')}
              value={preview.delimiter}
              onChange={(event) => onChange({ delimiter: event.target.value })}
            >
              {DELIMITERS.map((delimiter) => (
                <option key={delimiter} value={delimiter}>
                  {t(`import.read.delimiters.${DELIMITER_KEYS[delimiter]}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {preview.sheets.length > 0 && (
          <label>
            <span>{t('import.read.sheet')}</span>
            <select
              aria-label={t('import.read.sheet')}
              value={preview.sheet ?? ''}
              onChange={(event) => onChange({ sheet: event.target.value, lookupSheet: undefined })}
            >
              {preview.sheets.map((sheet) => (
                <option key={sheet} translate="no">
                  {sheet}
                </option>
              ))}
            </select>
          </label>
        )}
        {preview.sheets.length > 1 && (
          <label>
            <span>{t('import.read.lookup')}</span>
            <select
              aria-label={t('import.read.lookup')}
              value={preview.options.lookupSheet ?? ''}
              onChange={(event) => onChange({ lookupSheet: event.target.value })}
            >
              <option value="">{t('import.read.noLookup')}</option>
              {preview.sheets
                .filter((sheet) => sheet !== preview.sheet)
                .map((sheet) => (
                  <option key={sheet} translate="no">
                    {sheet}
                  </option>
                ))}
            </select>
          </label>
        )}
      </fieldset>
      {preview.sampleLine && (
        <p className="muted sample-line">
          {t('import.read.sampleLine')}{' '}
          <code data-testid="sample-line" translate="no">
            {preview.sampleLine}
          </code>
        </p>
      )}
    </>
  );
}
