import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import { EXPORT_FILE, exportKindOf, type BlankProduct } from '@shared/exports/shop-export.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { writeCsvStream } from '../../common/csv-stream.ts';
import { fileSlug } from '../../common/file-download.ts';
import { count } from '../../common/format.ts';
import { Data } from '../../i18n/rich.tsx';
import { shopExportPieces } from './export-catalogue.ts';

const LISTED = 100;

interface ShopExportProps {
  dataset: DatasetRecord;
  model: ModelRecord;
  predictions: CataloguePredictionsRecord | null;
  disabled: boolean;
}

/** The classified catalogue back in the format it came from, with the blanks listed. */
export function ShopExport({ dataset, model, predictions, disabled }: ShopExportProps) {
  const { t } = useTranslation();
  const { report } = useWorkspace();
  const kind = exportKindOf(dataset);
  const [running, setRunning] = useState(false);
  const [blanks, setBlanks] = useState<BlankProduct[] | null>(null);

  async function run() {
    setRunning(true);
    setBlanks(null);
    const found: BlankProduct[] = [];
    try {
      const written = await writeCsvStream(
        `${fileSlug(dataset.name)}-${EXPORT_FILE[kind].suffix}`,
        dataset.rowCount,
        shopExportPieces(dataset, model, predictions, found),
      );
      if (written) setBlanks(found);
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="shop-export">
      <button
        type="button"
        className={predictions ? undefined : 'primary'}
        disabled={running || disabled}
        onClick={() => run().catch(report)}
      >
        {t(`export.shop.button.${kind}`)}
      </button>
      {running && <span className="muted"> {t('export.shop.exporting')}</span>}
      {blanks && (
        <div role="status" data-testid="export-blanks">
          <p>
            {blanks.length === 0
              ? t('export.shop.complete')
              : t('export.shop.blanks', { count: blanks.length, n: count(blanks.length) })}
          </p>
          {blanks.length > 0 && (
            <ul className="blank-products">
              {blanks.slice(0, LISTED).map((blank) => (
                <li key={`${blank.line}-${blank.id}`}>
                  <Data>
                    {blank.id ? `${blank.id}: ` : ''}
                    {blank.title}
                  </Data>
                </li>
              ))}
              {blanks.length > LISTED && (
                <li>{t('export.shop.more', { n: count(blanks.length - LISTED) })}</li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
