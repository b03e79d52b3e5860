import { openDB } from 'idb';
import {
  DB_NAME,
  DB_VERSION,
  MIGRATIONS,
  type ShelfwiseDb,
  type ShelfwiseSchema,
} from './schema.ts';

export type { ShelfwiseDb };

export function openShelfwiseDb(name = DB_NAME): Promise<ShelfwiseDb> {
  return openDB<ShelfwiseSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      for (let version = oldVersion; version < DB_VERSION; version++)
        MIGRATIONS[version]?.(db, transaction);
    },
    blocking(_current, _next, event) {
      // Another tab runs a newer version: let it upgrade rather than wedge both tabs.
      (event.target as IDBDatabase).close();
    },
  });
}
