import { useTranslation } from 'react-i18next';
import { ENCODING_LABELS, type ImportPreview } from '@shared/contracts/import.ts';
import { count } from '../../common/format.ts';
import { Data, rich } from '../../i18n/rich.tsx';
import { formatName, importSummaryText } from '../../i18n/messages.ts';

/**
 * What was detected about the file before anything is imported: what it is and what it holds,
 * in one sentence, then its format, text encoding and shape. Each line is a place where the
 * owner can be told, and correct, what the file was taken to be.
 */
export function FileFacts({ file, preview }: { file: File; preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status" className="import-summary" data-testid="import-summary">
        {rich(importSummaryText(preview, t), {
          column: <Data>{preview.mapping.category ?? ''}</Data>,
        })}
      </p>
      <dl className="file-facts" data-testid="file-facts">
        <div>
          <dt>{t('import.facts.file')}</dt>
          <dd>
            <Data>{file.name}</Data>
          </dd>
        </div>
        <div>
          <dt>{t('import.facts.format')}</dt>
          <dd data-testid="detected-format">{formatName(preview.format, preview.delimiter, t)}</dd>
        </div>
        {preview.encoding && (
          <div>
            <dt>{t('import.facts.encoding')}</dt>
            <dd data-testid="detected-encoding" translate="no">
              {ENCODING_LABELS[preview.encoding]}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('import.facts.columns')}</dt>
          <dd>{count(preview.headers.length)}</dd>
        </div>
      </dl>
    </>
  );
}
