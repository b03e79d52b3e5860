/**
 * The import, without a browser: reads a catalogue file with the import worker's own code
 * (format, encoding, layout, grouping, row checks) and says what the app would import.
 *   npm run -s inspect -- FILE [--sheet NAME] [--lookup SHEET] [--title COL] [--category COL]
 *                                [--encoding NAME] [--delimiter CHAR]
 * The last line is one JSON object: format, encoding, delimiter, rows (records read), products
 * (after grouping), labelled, columns (role -> column), categories (distinct labels), problems
 * (count by code).
 */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  TEXT_ENCODINGS,
  type ReadOptions,
  type TextEncodingName,
} from '@shared/contracts/import.ts';
import type { TaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { isLabelled } from '@shared/labels.ts';
import {
  describeImport,
  parseCatalogue,
  previewCatalogue,
  type TaxonomyLoader,
} from '../workers/import/parse-catalogue.ts';

const USAGE =
  'usage: npm run -s inspect -- FILE [--sheet NAME] [--lookup SHEET] [--title COL] [--category COL] [--encoding NAME] [--delimiter CHAR]';

function readArgs(argv: readonly string[]) {
  const flags = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--')) flags.set(arg.slice(2), argv[++i] ?? '');
    else files.push(arg);
  }
  return { file: files[0], flags };
}

const loadTaxonomy: TaxonomyLoader = async (id) =>
  JSON.parse(
    await readFile(new URL(`../public/taxonomies/${id}.json`, import.meta.url), 'utf8'),
  ) as TaxonomyFile;

async function main(): Promise<void> {
  const { file: path, flags } = readArgs(process.argv.slice(2));
  if (!path) throw new Error(USAGE);
  const encoding = flags.get('encoding')?.toLowerCase();
  if (encoding && !TEXT_ENCODINGS.includes(encoding as TextEncodingName))
    throw new Error(`Unknown encoding "${encoding}"; one of ${TEXT_ENCODINGS.join(', ')}`);
  const delimiter = flags.get('delimiter');
  const options: ReadOptions = {
    ...(encoding ? { encoding: encoding as TextEncodingName } : {}),
    ...(delimiter
      ? { delimiter: delimiter === '\\t' || delimiter === 'tab' ? '\t' : delimiter }
      : {}),
    ...(flags.get('sheet') ? { sheet: flags.get('sheet') } : {}),
    // --lookup '' reads the codes as they are, without the lookup the import would suggest.
    ...(flags.has('lookup') ? { lookupSheet: flags.get('lookup') } : {}),
  };
  const file = new File([await openAsBlob(path)], basename(path));
  const preview = await previewCatalogue(file, options, loadTaxonomy);
  const mapping = { ...preview.mapping };
  if (flags.has('title')) mapping.title = flags.get('title') || undefined;
  if (flags.has('category')) mapping.category = flags.get('category') || undefined;
  const categories = new Set<string>();
  const result = await parseCatalogue(
    undefined,
    {
      file,
      mapping,
      // As previewed (detected encoding, delimiter, sheet, lookup), the flags winning.
      options: { ...preview.options, ...options },
      loadTaxonomy,
    },
    () => undefined,
    async (rows) => {
      for (const row of rows) if (isLabelled(row.category)) categories.add(row.category);
    },
  );
  const problems: Record<string, number> = {};
  for (const problem of result.problems) problems[problem.code] = (problems[problem.code] ?? 0) + 1;
  const counts = {
    rows: result.sourceRows,
    products: result.rowCount,
    labelled: result.labelledCount,
    complete: true,
  };
  console.log(describeImport(result.format, counts, mapping.category));
  if (preview.encoding)
    console.log(`encoding: ${preview.encoding}; sample line: ${preview.sampleLine}`);
  if (preview.sheets.length)
    console.log(`sheets: ${preview.sheets.join(', ')} (reading "${preview.sheet}")`);
  if (preview.labelCandidates.length > 1)
    console.log(`category columns offered: ${preview.labelCandidates.join(', ')}`);
  console.log(
    `categories: ${[...categories].sort().slice(0, 20).join(' | ')}${categories.size > 20 ? ' | …' : ''}`,
  );
  for (const problem of result.problems.slice(0, 10)) console.log(`  ${problem.message}`);
  if (result.problems.length > 10)
    console.log(`  … and ${result.problems.length - 10} more problems`);
  console.log(
    JSON.stringify({
      format: result.format.id,
      encoding: result.encoding,
      delimiter: preview.delimiter,
      rows: result.sourceRows,
      products: result.rowCount,
      labelled: result.labelledCount,
      columns: {
        title: mapping.title ?? null,
        description: mapping.description ?? null,
        category: mapping.category ?? null,
        id: mapping.id ?? null,
        image: mapping.image ?? null,
      },
      categories: categories.size,
      problems,
    }),
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error ? error.name : 'Error';
  console.error(message);
  console.log(JSON.stringify({ error: code, message }));
  process.exitCode = 1;
});
