import { readFile } from 'node:fs/promises';
import {
  detectColumns,
  parseCatalogue,
  type CatalogueRow,
} from '../../workers/import/parse-catalogue.ts';

/** Reads a CSV with the app's own parser, so the bench sees exactly what an import would. */
export async function readCatalogue(path: string): Promise<CatalogueRow[]> {
  const file = new Blob([await readFile(path)]);
  const header = (await file.slice(0, 4096).text()).split(/\r?\n/)[0] ?? '';
  const mapping = detectColumns(header.replace(/^\uFEFF/, '').split(','));
  const rows: CatalogueRow[] = [];
  await parseCatalogue(
    undefined,
    { file, mapping },
    () => undefined,
    async (chunk) => void rows.push(...chunk),
  );
  return rows;
}
