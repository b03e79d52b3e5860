import { openShelfwiseDb, type ShelfwiseDb } from '../shared/db/open.ts';

let opened: Promise<ShelfwiseDb> | null = null;

/** The page's one connection; workers open their own. */
export function appDb(): Promise<ShelfwiseDb> {
  opened ??= openShelfwiseDb();
  return opened;
}
