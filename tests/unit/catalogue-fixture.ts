import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import type { DatasetRecord, StoredRow } from '@shared/db/records/catalogue.ts';
import { stratifiedSplit } from '@shared/split.ts';

/** A fixture CSV (id, title, category) as the rows an import would store. */
export function readStoredRows(path: string): StoredRow[] {
  return Papa.parse<{ id: string; title: string; category: string }>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data.map((row, i) => ({
    line: i + 2,
    id: row.id,
    title: row.title,
    description: '',
    category: row.category,
    image: '',
  }));
}

/** A ready dataset record for rows stored in one chunk. */
export function datasetRecord(id: string, rows: readonly StoredRow[]): DatasetRecord {
  return {
    id,
    name: id,
    fileName: `${id}.csv`,
    createdAt: 1,
    status: 'ready',
    rowCount: rows.length,
    chunkCount: 1,
    classCounts: {},
    problems: [],
    skippedRows: 0,
  };
}

/** The small fixture catalogue (5 categories of 60) with the seeded split the tests train on. */
export function splitSmallCatalogue() {
  const rows = readStoredRows('tests/fixtures/small-catalogue.csv');
  const labels = [...new Set(rows.map((row) => row.category))].sort();
  const classes = rows.map((row) => labels.indexOf(row.category));
  const split = stratifiedSplit(classes, { validation: 0.1, test: 0.2 }, 1);
  const part = (ids: number[]) => ({
    texts: ids.map((i) => rows[i]?.title ?? ''),
    classes: ids.map((i) => classes[i] ?? 0),
  });
  return { rows, labels, classes, split, part };
}
