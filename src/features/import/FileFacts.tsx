import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '@shared/contracts/import.ts';
import { count } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';

/**
 * What was detected about the file before anything is imported: its format, its text
 * encoding and its shape. Each line is a place where the owner can be told, and correct,
 * what the file was taken to be.
 */
export function FileFacts({ file, preview }: { file: File; preview: ImportPreview }) {
  const { t } = useTranslation();
  const format =
    preview.delimiter === '\t'
      ? t('import.facts.tsv')
      : preview.delimiter === ','
        ? t('import.facts.csv')
        : t('import.facts.delimited', { delimiter: preview.delimiter });
  return (
    <dl className="file-facts" data-testid="file-facts">
      <div>
        <dt>{t('import.facts.file')}</dt>
        <dd>
          <Data>{file.name}</Data>
        </dd>
      </div>
      <div>
        <dt>{t('import.facts.format')}</dt>
        <dd data-testid="detected-format">{format}</dd>
      </div>
      <div>
        <dt>{t('import.facts.encoding')}</dt>
        <dd data-testid="detected-encoding" translate="no">
          {preview.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}
        </dd>
      </div>
      <div>
        <dt>{t('import.facts.columns')}</dt>
        <dd>{count(preview.headers.length)}</dd>
      </div>
    </dl>
  );
}
