import { openShelfwiseDb, type ShelfwiseDb } from '@shared/db/open.ts';
import { databaseName } from '../app/kiosk.ts';

let opened: Promise<ShelfwiseDb> | null = null;

/** The page's one connection; workers open their own, on the same database (bridge/workers.ts). */
export function appDb(): Promise<ShelfwiseDb> {
  opened ??= openShelfwiseDb(databaseName);
  return opened;
}
