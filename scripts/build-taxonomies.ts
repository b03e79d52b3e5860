/**
 * Converts the standard taxonomies in ../shared/data/taxonomy (or TAXONOMY_DIR) into the
 * compact files the app fetches lazily from public/taxonomies/, and checks each tree.
 * Run after updating a source: npx tsx scripts/build-taxonomies.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { treeFromRecords } from '@shared/taxonomy/category-tree.ts';
import type { TaxonomyFile, TaxonomyInfo } from '@shared/taxonomy/standard-taxonomy.ts';

const source = resolve(process.env.TAXONOMY_DIR ?? '../shared/data/taxonomy');
const out = resolve('public/taxonomies');

type Row = Record<string, string>;
const readCsv = (path: string): Row[] =>
  Papa.parse<Row>(readFileSync(join(source, path), 'utf8'), { header: true, skipEmptyLines: true })
    .data;
const lastLevel = (path: string) => path.split(' > ').pop()?.trim() ?? '';

interface Source {
  info: Omit<TaxonomyInfo, 'file' | 'nodeCount' | 'leafCount'>;
  rows: Row[];
  id: (row: Row) => string;
  parent: (row: Row) => string;
  path: (row: Row) => string;
  names: Partial<Record<'en' | 'zh-CN', (row: Row) => string>>;
}

const sources: Source[] = [
  {
    info: {
      id: 'shopify',
      name: 'Shopify Standard Product Taxonomy',
      version: '2024-07',
      languages: ['en', 'zh-CN'],
      licence: 'MIT',
      attribution:
        'Shopify Standard Product Taxonomy 2024-07 © Shopify Inc. (MIT), via fabiofcferreira/shopify-taxonomy (MIT)',
      exportColumn: 'shopify_product_category',
      exportIdTemplate: 'gid://shopify/TaxonomyCategory/{id}',
    },
    rows: readCsv('shopify/categories.csv'),
    id: (row) => row.id ?? '',
    parent: (row) => row.parent_id ?? '',
    path: (row) => row.full_path_en ?? '',
    names: { en: (row) => row.name_en ?? '', 'zh-CN': (row) => row.name_zh ?? '' },
  },
  {
    info: {
      id: 'google',
      name: 'Google Product Taxonomy',
      version: '2021-09-21 (zh-CN names 2015-02-19)',
      languages: ['en', 'zh-CN'],
      licence: 'Published by Google for merchants; no explicit licence',
      attribution: 'Google Product Taxonomy, Google LLC (Merchant Center)',
      exportColumn: 'google_product_category',
      exportIdTemplate: '{id}',
    },
    rows: readCsv('google/categories.csv'),
    id: (row) => row.id ?? '',
    parent: (row) => row.parent_id ?? '',
    path: (row) => row.full_path_en ?? '',
    names: {
      en: (row) => lastLevel(row.full_path_en ?? ''),
      'zh-CN': (row) => lastLevel(row.full_path_zh ?? ''),
    },
  },
  {
    info: {
      id: 'bestbuy',
      name: 'Best Buy categories',
      version: '2016 open data set',
      languages: ['en'],
      licence: 'CC0 1.0',
      attribution: 'Best Buy open data set (BestBuyAPIs/open-data-set), CC0',
      exportColumn: 'bestbuy_category',
      exportIdTemplate: '{id}',
    },
    rows: readCsv('bestbuy/categories.csv'),
    id: (row) => row.id ?? '',
    parent: (row) => row.parent_id ?? '',
    path: (row) => row.full_path ?? '',
    names: { en: (row) => row.name ?? '' },
  },
];

/**
 * Best Buy's file names parents that it does not list (its `path` arrays mention ids whose
 * own entries are missing). Those parents are restored from the children's paths, so the
 * tree keeps every listed category; the count is printed.
 */
function restoreMissingParents(taxonomy: Source): number {
  const byPath = new Map(taxonomy.rows.map((row) => [taxonomy.path(row), row]));
  const ids = new Set(taxonomy.rows.map(taxonomy.id));
  let restored = 0;
  const ensure = (path: string, id: string): void => {
    if (byPath.has(path)) return;
    const levels = path.split(' > ');
    const parentPath = levels.slice(0, -1).join(' > ');
    const parentId = levels.length > 1 ? (byPath.get(parentPath)?.id ?? `path:${parentPath}`) : '';
    if (levels.length > 1) ensure(parentPath, parentId);
    const row: Row = { id, parent_id: parentId, full_path: path, name: levels.at(-1) ?? '' };
    taxonomy.rows.push(row);
    byPath.set(path, row);
    ids.add(id);
    restored++;
  };
  for (const row of [...taxonomy.rows]) {
    const parentId = taxonomy.parent(row);
    if (!parentId || ids.has(parentId)) continue;
    const parentPath = taxonomy.path(row).split(' > ').slice(0, -1).join(' > ');
    const existing = byPath.get(parentPath);
    if (existing) row.parent_id = taxonomy.id(existing);
    else ensure(parentPath, parentId);
  }
  return restored;
}

mkdirSync(out, { recursive: true });
const index: TaxonomyInfo[] = [];
for (const taxonomy of sources) {
  if (taxonomy.info.id === 'bestbuy')
    console.log(`bestbuy: ${restoreMissingParents(taxonomy)} parents restored from paths`);
  const { tree, problems } = treeFromRecords(
    taxonomy.rows.map((row) => ({
      id: taxonomy.id(row),
      parentId: taxonomy.parent(row) || null,
      name: (taxonomy.names.en as (row: Row) => string)(row),
      path: taxonomy.path(row).split(' > '),
    })),
  );
  for (const problem of problems) console.warn(`${taxonomy.info.id}: ${problem.message}`);
  if (problems.some((problem) => problem.isError)) process.exitCode = 1;
  // Parents before children, so the app can build the tree in one pass.
  const rowOf = new Map(taxonomy.rows.map((row) => [taxonomy.id(row), row]));
  const names: TaxonomyFile['names'] = {};
  for (const [language, name] of Object.entries(taxonomy.names))
    names[language as 'en' | 'zh-CN'] = tree.nodes.map((node) =>
      name(rowOf.get(node.id) as Row).trim(),
    );
  const leafCount = tree.nodes.filter((node) => node.children.length === 0).length;
  const file: TaxonomyFile = {
    format: 1,
    info: { ...taxonomy.info, nodeCount: tree.nodes.length, leafCount },
    ids: tree.nodes.map((node) => node.id),
    parents: tree.nodes.map((node) => node.parent),
    names,
  };
  const fileName = `${taxonomy.info.id}.json`;
  const text = JSON.stringify(file);
  writeFileSync(join(out, fileName), text);
  index.push({ ...file.info, file: fileName });
  console.log(
    `${fileName}: ${tree.nodes.length} nodes, ${leafCount} leaves, ${(text.length / 1024).toFixed(0)} KiB`,
  );
}
writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
