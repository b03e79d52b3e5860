import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { databaseNameOfWorker } from '@shared/db/database-name.ts';
import { reportRequestsToPage } from './request-report.ts';

/**
 * What every worker does first: report its requests to the page's privacy indicator and open
 * the database the page named it after (a kiosk visit has its own).
 */
export function startWorker(): Promise<ShelfwiseDb> {
  reportRequestsToPage();
  return openShelfwiseDb(databaseNameOfWorker(self.name));
}
