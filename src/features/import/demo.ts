import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import { appError } from '@shared/errors.ts';
import { importWithDetectedColumns, type WorkerHandle } from '../../bridge/workers.ts';
import { i18n } from '../../i18n/i18n.ts';

const DEMO_URL = `${import.meta.env.BASE_URL}demo/catalogue.csv`;
/** The demo's file name: how the guide knows the demo from the owner's own catalogues. */
const DEMO_FILE_NAME = 'demo-myntra-fashion.csv';

export const isDemo = (dataset: DatasetRecord): boolean => dataset.fileName === DEMO_FILE_NAME;

/** Imports the shipped demo catalogue: 3,000 Myntra products in 20 categories (MIT licence). */
export async function loadDemo(importer: WorkerHandle<ImportApi>): Promise<DatasetRecord> {
  const response = await fetch(DEMO_URL);
  if (!response.ok)
    throw appError('NotFound', `The demo catalogue could not be read (${response.status})`);
  const file = new File([await response.blob()], DEMO_FILE_NAME, { type: 'text/csv' });
  return importWithDetectedColumns(importer, file, i18n.t('import.demo.name'));
}
