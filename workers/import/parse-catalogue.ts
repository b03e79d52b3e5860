/**
 * The import's entry: finds the format of a file from its content and hands it the file. The
 * concerns live apart: `columns.ts` (which column holds what), `csv-records.ts` (records of
 * delimited text), `row-checks.ts` (what becomes of each record), `text-stream.ts` (bytes to
 * text) and `formats/` (one reader per format behind `CatalogueFormat`).
 */
import type { ImportProgress } from '@shared/contracts/import.ts';
import type { CatalogueRow } from './row-checks.ts';
import type {
  CatalogueFormat,
  CataloguePreview,
  ParseInput,
  ParseResult,
} from './formats/catalogue-format.ts';
import { delimitedText } from './formats/delimited-text.ts';

export type { CatalogueRow, CataloguePreview, ParseInput, ParseResult };
export { detectColumns } from './columns.ts';

/** Asked in order; delimited text, which reads any text, comes last. */
const FORMATS: readonly CatalogueFormat[] = [delimitedText];

const HEAD_BYTES = 64 * 1024;

/** The format that reads `file`, judged from its first bytes. */
export async function formatOf(file: Blob): Promise<CatalogueFormat> {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const fileName = file instanceof File ? file.name : '';
  return FORMATS.find((format) => format.detect({ bytes, fileName })) ?? delimitedText;
}

export async function previewCatalogue(file: Blob): Promise<CataloguePreview> {
  return (await formatOf(file)).preview(file);
}

/**
 * Streams the file's good rows to `onRows` chunk by chunk; every row left out has a problem
 * entry naming its line and field.
 * @throws EmptyDataset when the file is empty or has only a header; InvalidInput ('Missing column
 *   ...') when the mapping lacks the title or category, or names a header the file does not have.
 */
export async function parseCatalogue(
  signal: AbortSignal | undefined,
  input: ParseInput,
  onProgress: (progress: ImportProgress) => void,
  onRows: (rows: CatalogueRow[]) => Promise<void>,
): Promise<ParseResult> {
  return (await formatOf(input.file)).parse(signal, input, onProgress, onRows);
}
