import { appError } from '../errors.ts';
import { treeFromRecords, type CategoryTree } from './category-tree.ts';

export type TaxonomyLanguage = 'en' | 'zh-CN';

/** What the app ships about a standard taxonomy before loading it (public/taxonomies/index.json). */
export interface TaxonomyInfo {
  id: string;
  name: string;
  version: string;
  languages: TaxonomyLanguage[];
  nodeCount: number;
  leafCount: number;
  file: string;
  licence: string;
  attribution: string;
  /** The export column that carries this taxonomy's id. */
  exportColumn: string;
  /** Template for the exported id, `{id}` replaced by the node id (Shopify uses a gid). */
  exportIdTemplate: string;
}

/** The compact file format: parallel arrays, parents as positions (-1 for top level). */
export interface TaxonomyFile {
  format: 1;
  info: Omit<TaxonomyInfo, 'file'>;
  ids: string[];
  parents: number[];
  names: Partial<Record<TaxonomyLanguage, string[]>>;
}

export interface StandardTaxonomy {
  info: Omit<TaxonomyInfo, 'file'>;
  /** Built from the English names. */
  tree: CategoryTree;
  /** Names per language, by node index of `tree`; empty string where a language lacks one. */
  names: Partial<Record<TaxonomyLanguage, string[]>>;
}

/**
 * Checks a taxonomy file and builds its tree.
 * @throws InvalidInput naming the field or node that is wrong
 */
export function parseTaxonomyFile(file: TaxonomyFile): StandardTaxonomy {
  if (file.format !== 1) throw appError('InvalidInput', `Unknown taxonomy format ${file.format}`);
  const english = file.names.en;
  if (!english || english.length !== file.ids.length || file.parents.length !== file.ids.length) {
    throw appError(
      'InvalidInput',
      `Taxonomy ${file.info.id}: ids, parents and names.en must have the same length`,
    );
  }
  const { tree, problems } = treeFromRecords(
    file.ids.map((id, i) => ({
      id,
      parentId: file.ids[file.parents[i] ?? -1] ?? null,
      name: english[i] ?? '',
    })),
  );
  const first = problems.find((problem) => problem.isError);
  if (first) throw appError('InvalidInput', `Taxonomy ${file.info.id}: ${first.message}`);
  const position = new Map(file.ids.map((id, i) => [id, i]));
  const names: StandardTaxonomy['names'] = {};
  for (const language of file.info.languages) {
    const list = file.names[language] ?? [];
    names[language] = tree.nodes.map((node) => list[position.get(node.id) ?? -1] ?? '');
  }
  return { info: file.info, tree, names };
}

/** The path of a node in one language, falling back to English where a name is missing. */
export function localisedPath(
  taxonomy: StandardTaxonomy,
  index: number,
  language: TaxonomyLanguage,
): string[] {
  const path: string[] = [];
  for (let at = index; at >= 0; at = taxonomy.tree.nodes[at]?.parent ?? -1) {
    const node = taxonomy.tree.nodes[at];
    path.push(taxonomy.names[language]?.[at] || node?.name || '');
  }
  return path.reverse();
}

export function exportId(info: Pick<TaxonomyInfo, 'exportIdTemplate'>, nodeId: string): string {
  return info.exportIdTemplate.replace('{id}', nodeId);
}
