import { useState } from 'react';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';
import type { CataloguePredictionsRecord } from '@shared/db/records/review.ts';
import {
  EXPORT_FILE,
  exportKindOf,
  type BlankProduct,
  type ShopExportKind,
} from '@shared/exports/shop-export.ts';
import { writeCsvStream } from '../../app/csv-stream.ts';
import { shopExportPieces } from '../../app/export-catalogue.ts';
import { fileSlug } from '../../app/file-download.ts';

/** Every string this component shows, in one place (to move into the translation files). */
const TEXT = {
  button: {
    shopify: 'Export for Shopify (import CSV)',
    woocommerce: 'Export for WooCommerce (import CSV)',
    merchant: 'Export Merchant Center supplemental feed (TSV)',
    generic: 'Export labelled catalogue (CSV)',
  } satisfies Record<ShopExportKind, string>,
  rule: 'Writes your own labels, and the model’s where it is at least as confident as the automatic-labelling threshold; the rest are left blank and listed.',
  exporting: 'Writing the export…',
  done: (blank: number) =>
    blank === 0
      ? 'Exported: every product has a label.'
      : `Exported. ${blank.toLocaleString()} products were left blank (the model was below the threshold and nobody confirmed them):`,
  more: (count: number) => `… and ${count.toLocaleString()} more`,
};

const LISTED = 100;

interface ShopExportProps {
  dataset: DatasetRecord;
  model: ModelRecord;
  predictions: CataloguePredictionsRecord | null;
  onError: (error: unknown) => void;
}

/** The classified catalogue back in the format it came from, with the blanks listed. */
export function ShopExport({ dataset, model, predictions, onError }: ShopExportProps) {
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
        disabled={running}
        title={TEXT.rule}
        onClick={() => run().catch(onError)}
      >
        {TEXT.button[kind]}
      </button>
      {running && <span className="muted"> {TEXT.exporting}</span>}
      {blanks && (
        <div role="status" data-testid="export-blanks">
          <p>{TEXT.done(blanks.length)}</p>
          {blanks.length > 0 && (
            <ul className="blank-products">
              {blanks.slice(0, LISTED).map((blank) => (
                <li key={`${blank.line}-${blank.id}`}>
                  {blank.id ? `${blank.id}: ` : ''}
                  {blank.title}
                </li>
              ))}
              {blanks.length > LISTED && <li>{TEXT.more(blanks.length - LISTED)}</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
