import type { CategoryTree } from './category-tree.ts';
import { SEARCH_SYNONYMS } from './search-synonyms.ts';

/**
 * Search-as-you-type over a taxonomy's nodes in every language it has. Each node keeps one
 * lower-cased haystack (its paths in all languages) and the singular forms of its words, so a
 * keystroke is a few scans over the nodes: a few milliseconds for 10k nodes, inside a frame.
 */
export interface TaxonomySearchIndex {
  tree: CategoryTree;
  /** Lower-cased paths of each node in all languages, one per line. */
  haystacks: string[];
  /** Lower-cased names of each node in all languages, one per line. */
  names: string[];
  /** Each node's path words in their singular form, space-separated with spaces around. */
  stems: string[];
}

const WORD_SPLIT = /[\s>›/|&,()'’]+/u;

/**
 * The form a search compares: English plurals to the singular ("dresses" → "dress",
 * "batteries" → "battery", "flops" → "flop"); other words and scripts as they are.
 */
export function wordStem(word: string): string {
  if (!/^[a-z][a-z-]*$/.test(word) || word.length < 4) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function stemsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(WORD_SPLIT)
    .flatMap((word) => [word, ...(word.includes('-') ? word.split('-') : [])])
    .filter(Boolean)
    .map(wordStem);
}

export function buildSearchIndex(
  tree: CategoryTree,
  namesByLanguage: readonly (readonly string[])[] = [],
): TaxonomySearchIndex {
  const haystacks: string[] = [];
  const names: string[] = [];
  const stems: string[] = [];
  for (const node of tree.nodes) {
    const localNames = namesByLanguage.map((list) => list[node.index] ?? '').filter(Boolean);
    const localPaths = namesByLanguage.map((list) => {
      const path: string[] = [];
      for (let at = node.index; at >= 0; at = tree.nodes[at]?.parent ?? -1)
        path.push(list[at] || tree.nodes[at]?.name || '');
      return path.reverse().join(' > ');
    });
    const english = node.path.join(' > ');
    haystacks.push([english, ...localPaths].join('\n').toLowerCase());
    names.push([node.name, ...localNames].join('\n').toLowerCase());
    stems.push(` ${[...new Set(stemsOf(english))].join(' ')} `);
  }
  return { tree, haystacks, names, stems };
}

function normaliseQuery(query: string): string[] {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s>›/|]+/u)
    .filter(Boolean);
}

/** A query word is found in a node's path as written, or as the start of one of its words. */
function found(index: TaxonomySearchIndex, node: number, word: string, stem: string): boolean {
  return (
    (index.haystacks[node] as string).includes(word) ||
    (index.stems[node] as string).includes(` ${stem}`)
  );
}

/** Queries that mean the same in the taxonomy's words: the shop's synonyms swapped in. */
function synonymQueries(words: readonly string[]): string[][] {
  const stems = words.map(wordStem);
  const joined = ` ${stems.join(' ')} `;
  const alternatives: string[][] = [];
  for (const [key, targets] of Object.entries(SEARCH_SYNONYMS)) {
    if (!joined.includes(` ${key} `)) continue;
    const rest = joined.replace(` ${key} `, ' ').trim();
    for (const target of targets)
      alternatives.push([...target.split(' '), ...(rest ? rest.split(' ') : [])]);
  }
  return alternatives;
}

/** Tiers, best first: the query as typed, the shop's synonym, then some of its words. */
const TIERS_PER_PASS = 4;

/**
 * Nodes that match the query, best first. A node matches when it has every word, as typed or
 * as the start of one of its words, singular or plural ("sneak" → Sneakers, "dresses" →
 * Dresses). Within that, the name starting with the query comes first, then the name
 * containing it, then any word in the name, then shallower nodes. Next come the nodes a
 * shop's synonym finds ("flip flop" → Sandals, Slippers; "kurta" → Tunics), and when
 * nothing has every word, the nodes with most of them. An empty query lists the whole tree.
 */
export function searchTaxonomy(index: TaxonomySearchIndex, query: string): number[] {
  const words = normaliseQuery(query);
  const { nodes } = index.tree;
  if (words.length === 0) return nodes.map((node) => node.index);
  // Bucketed by (tier, depth) instead of sorted: a one-letter query matches most of 10k
  // nodes, and scanning in index order keeps each bucket in tree order for free.
  const buckets: number[][] = [];
  const placed = new Uint8Array(nodes.length);
  const place = (node: number, tier: number) => {
    if (placed[node]) return;
    placed[node] = 1;
    const depth = Math.min(MAX_RANKED_DEPTH, nodes[node]?.depth ?? 0);
    (buckets[tier * (MAX_RANKED_DEPTH + 1) + depth] ??= []).push(node);
  };
  const pass = (terms: readonly string[], firstTier: number) => {
    const termStems = terms.map(wordStem);
    const phrase = terms.join(' ');
    let matched = 0;
    for (let i = 0; i < index.haystacks.length; i++) {
      if (!terms.every((term, t) => found(index, i, term, termStems[t] as string))) continue;
      matched++;
      const name = index.names[i] as string;
      let tier = 3;
      if (name.startsWith(phrase) || name.includes(`\n${phrase}`)) tier = 0;
      else if (name.includes(phrase)) tier = 1;
      else if (terms.some((term) => name.includes(term))) tier = 2;
      place(i, firstTier + tier);
    }
    return matched;
  };
  const exact = pass(words, 0);
  // A hyphen may join what the taxonomy writes as two words ("Flip-Flops", "flip flops").
  const split = words.flatMap((word) => word.split(/[-‐–]+/u)).filter(Boolean);
  const spellings = split.length > words.length ? [words, split] : [words];
  spellings.forEach((spelling, i) => {
    if (i > 0) pass(spelling, TIERS_PER_PASS);
    synonymQueries(spelling).forEach((alternative) => pass(alternative, TIERS_PER_PASS));
  });
  if (exact === 0 && words.length > 1) {
    // Some of the words: more of them first.
    const stems = words.map(wordStem);
    for (let i = 0; i < index.haystacks.length; i++) {
      const hits = words.filter((word, w) => found(index, i, word, stems[w] as string)).length;
      if (hits > 0) place(i, 2 * TIERS_PER_PASS + (words.length - hits));
    }
  }
  return buckets.flatMap((bucket) => bucket ?? []);
}

/** Deeper nodes rank as this deep; no bundled taxonomy goes past 8 levels. */
const MAX_RANKED_DEPTH = 16;
