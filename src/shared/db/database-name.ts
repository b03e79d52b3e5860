import { DB_NAME } from './schema.ts';

/**
 * Workers learn which database the page uses from their name (`import@shelfwise-kiosk-…`),
 * which they can read synchronously at startup, before any call arrives.
 */
const SEPARATOR = '@';

export function workerNameFor(kind: string, databaseName: string): string {
  return databaseName === DB_NAME ? kind : `${kind}${SEPARATOR}${databaseName}`;
}

export function databaseNameOfWorker(workerName: string): string {
  const at = workerName.indexOf(SEPARATOR);
  return at === -1 ? DB_NAME : workerName.slice(at + 1);
}

export function workerKindOf(workerName: string): string {
  const at = workerName.indexOf(SEPARATOR);
  return at === -1 ? workerName : workerName.slice(0, at);
}

/** Kiosk databases are throwaway: one per page load, deleted once no tab holds it. */
export const KIOSK_DB_PREFIX = `${DB_NAME}-kiosk-`;
