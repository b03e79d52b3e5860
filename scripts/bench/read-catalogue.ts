import { readFile } from 'node:fs/promises';
import {
  parseCatalogue,
  previewCatalogue,
  type CatalogueRow,
} from '../../workers/import/parse-catalogue.ts';

/** Reads a CSV with the app's own parser and column detection, so the bench sees what an import would. */
export async function readCatalogue(path: string): Promise<CatalogueRow[]> {
  const file = new Blob([await readFile(path)]);
  const { mapping } = await previewCatalogue(file);
  const rows: CatalogueRow[] = [];
  await parseCatalogue(
    undefined,
    { file, mapping },
    () => undefined,
    async (chunk) => void rows.push(...chunk),
  );
  return rows;
}
