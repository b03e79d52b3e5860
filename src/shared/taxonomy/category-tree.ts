import {
  joinCategoryPath,
  normaliseName,
  parseCategoryPaths,
  type PathSeparator,
} from './category-path.ts';

export interface CategoryNode {
  /** Position in `CategoryTree.nodes`. */
  index: number;
  /** The taxonomy's own id, or the canonical path for a shop's categories. */
  id: string;
  name: string;
  /** Index of the parent node; -1 for a top-level node. */
  parent: number;
  /** 1 for top-level nodes. */
  depth: number;
  /** Names from the top level down to this node. */
  path: string[];
  children: number[];
}

export interface CategoryTree {
  nodes: CategoryNode[];
  roots: number[];
  byId: Map<string, number>;
  /** Canonical path (levels joined with ` > `) to node index. */
  byPath: Map<string, number>;
}

export type TreeProblemCode =
  | 'EmptyPath'
  | 'EmptyLevel'
  | 'DuplicatePath'
  | 'DuplicateId'
  | 'MissingParent'
  | 'Cycle'
  | 'InconsistentParent';

export interface TreeProblem {
  code: TreeProblemCode;
  /** The path or id the problem is about. */
  subject: string;
  message: string;
  /** False for notes (a duplicate path is merged); true when the entry was left out. */
  isError: boolean;
}

function emptyTree(): CategoryTree {
  return { nodes: [], roots: [], byId: new Map(), byPath: new Map() };
}

function addNode(tree: CategoryTree, id: string, name: string, parent: number): number {
  const parentNode = parent >= 0 ? tree.nodes[parent] : undefined;
  const path = [...(parentNode?.path ?? []), name];
  const index = tree.nodes.length;
  tree.nodes.push({
    index,
    id,
    name,
    parent,
    depth: path.length,
    path,
    children: [],
  });
  if (parentNode) parentNode.children.push(index);
  else tree.roots.push(index);
  tree.byId.set(id, index);
  tree.byPath.set(joinCategoryPath(path), index);
  return index;
}

/**
 * Builds the tree implied by a list of category paths (a shop's categories): every prefix
 * becomes a node, ids are canonical paths. Paths that only differ in whitespace are the same
 * category and are reported as duplicates; paths with empty levels are left out as errors.
 */
export function treeFromPaths(
  paths: readonly string[],
  separator: PathSeparator,
): { tree: CategoryTree; problems: TreeProblem[] } {
  const tree = emptyTree();
  const { levels, problems: pathProblems } = parseCategoryPaths(paths, separator);
  const problems: TreeProblem[] = pathProblems.map((p) => ({
    code: p.code,
    subject: p.path,
    message: p.message,
    isError: true,
  }));
  const seen = new Map<string, number>();
  levels.forEach((parts, i) => {
    if (!parts) return;
    const canonical = joinCategoryPath(parts);
    const first = seen.get(canonical);
    if (first !== undefined) {
      problems.push({
        code: 'DuplicatePath',
        subject: paths[i] ?? '',
        message: `Path ${i + 1} ("${paths[i]}") repeats path ${first + 1} and is merged with it`,
        isError: false,
      });
      return;
    }
    seen.set(canonical, i);
    let parent = -1;
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = joinCategoryPath(parts.slice(0, depth));
      parent = tree.byPath.get(prefix) ?? addNode(tree, prefix, parts[depth - 1] as string, parent);
    }
  });
  return { tree, problems };
}

export interface CategoryRecord {
  id: string;
  /** Empty or null for a top-level node. */
  parentId: string | null;
  name: string;
  /** The full path the source claims, checked against the parents when given. */
  path?: readonly string[];
}

/**
 * Builds a tree from id/parent records (a standard taxonomy). Duplicate ids, parents that do
 * not exist, cycles and records whose stated path disagrees with their parent chain are
 * reported as errors and left out, together with everything below them.
 */
export function treeFromRecords(records: readonly CategoryRecord[]): {
  tree: CategoryTree;
  problems: TreeProblem[];
} {
  const problems: TreeProblem[] = [];
  const byId = new Map<string, CategoryRecord>();
  for (const record of records) {
    if (byId.has(record.id)) {
      problems.push({
        code: 'DuplicateId',
        subject: record.id,
        message: `Category id ${record.id} appears more than once; the later entry is ignored`,
        isError: true,
      });
      continue;
    }
    byId.set(record.id, record);
  }
  const tree = emptyTree();
  const state = new Map<string, 'visiting' | 'done' | 'rejected'>();

  const place = (id: string): boolean => {
    const mark = state.get(id);
    if (mark === 'done') return true;
    if (mark === 'rejected') return false;
    if (mark === 'visiting') {
      problems.push({
        code: 'Cycle',
        subject: id,
        message: `Category ${id} is its own ancestor (its parents form a cycle)`,
        isError: true,
      });
      state.set(id, 'rejected');
      return false;
    }
    const record = byId.get(id) as CategoryRecord;
    state.set(id, 'visiting');
    const parentId = record.parentId || null;
    if (parentId !== null && !byId.has(parentId)) {
      problems.push({
        code: 'MissingParent',
        subject: id,
        message: `Category ${id} ("${record.name}") names parent ${parentId}, which does not exist`,
        isError: true,
      });
      state.set(id, 'rejected');
      return false;
    }
    if (parentId !== null && !place(parentId)) {
      state.set(id, 'rejected');
      return false;
    }
    // A cycle through this node was found while placing its parents.
    if (state.get(id) === 'rejected') return false;
    const parent = parentId === null ? -1 : (tree.byId.get(parentId) as number);
    const name = normaliseName(record.name);
    if (record.path) {
      const expected = [...(tree.nodes[parent]?.path ?? []), name];
      const stated = record.path.map(normaliseName);
      if (joinCategoryPath(stated) !== joinCategoryPath(expected)) {
        problems.push({
          code: 'InconsistentParent',
          subject: id,
          message: `Category ${id} states the path "${joinCategoryPath(stated)}" but its parent ${parentId ?? '(none)'} gives "${joinCategoryPath(expected)}"`,
          isError: true,
        });
        state.set(id, 'rejected');
        return false;
      }
    }
    addNode(tree, id, name, parent);
    state.set(id, 'done');
    return true;
  };

  for (const id of byId.keys()) place(id);
  return { tree, problems };
}

/** Indices of a node and its ancestors, from the top level down. */
export function lineage(tree: CategoryTree, index: number): number[] {
  const chain: number[] = [];
  for (let at = index; at >= 0; at = tree.nodes[at]?.parent ?? -1) chain.push(at);
  return chain.reverse();
}

export function isLeaf(tree: CategoryTree, index: number): boolean {
  return (tree.nodes[index]?.children.length ?? 0) === 0;
}
