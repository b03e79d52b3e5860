import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Papa from 'papaparse';

const LINES_PER_WRITE = 10_000;

/**
 * Writes a catalogue of `rows` products made of the real rows of `sourceCsv`, repeated in
 * order, each with a fresh id (`p1`, `p2`, …), to `outPath`. Never committed: generated where
 * it is needed (a benchmark, an end-to-end test). Returns the file's size in bytes.
 */
export function writeBigCatalogue(sourceCsv: string, rows: number, outPath: string): number {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(sourceCsv, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  const source = parsed.data.filter((row) => row.title?.trim() && row.category?.trim());
  if (source.length === 0) throw new Error(`${sourceCsv} has no rows with a title and a category`);
  // Everything after the id is the same for every copy of a source row: quote it once.
  const tails = source.map((row) =>
    Papa.unparse([[row.title ?? '', row.description ?? '', row.category ?? '']], {
      newline: '',
    }),
  );
  mkdirSync(dirname(outPath), { recursive: true });
  const fd = openSync(outPath, 'w');
  let bytes = 0;
  try {
    bytes += writeSync(fd, 'id,title,description,category\n');
    for (let from = 0; from < rows; from += LINES_PER_WRITE) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(rows, from + LINES_PER_WRITE); i++)
        lines.push(`p${i + 1},${tails[i % tails.length] as string}\n`);
      bytes += writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
