/**
 * Category values read against a bundled standard taxonomy: Shopify's Product Category (a path,
 * or a `gid://shopify/TaxonomyCategory/…` id) and Merchant Center's google_product_category (a
 * numeric id, or a path). A value found becomes the taxonomy's own path, so spellings agree and
 * the category links to its node; one not found is kept as written and reported once.
 */
import { joinCategoryPath, shopPathLevels } from '@shared/taxonomy/category-path.ts';
import { parseTaxonomyFile, type StandardTaxonomy } from '@shared/taxonomy/standard-taxonomy.ts';
import type { TaxonomyLoader } from './formats/catalogue-format.ts';

export interface TaxonomyMatch {
  label: string;
  nodeId: string;
}

const SHOPIFY_GID = /^gid:\/\/shopify\/TaxonomyCategory\/(.+)$/i;
const NOT_FOUND = null;

export class TaxonomyLabels {
  private readonly byLowerPath = new Map<string, number>();
  private readonly cache = new Map<string, TaxonomyMatch | null>();

  constructor(readonly taxonomy: StandardTaxonomy) {
    for (const [path, index] of taxonomy.tree.byPath)
      this.byLowerPath.set(path.toLowerCase(), index);
  }

  get id(): string {
    return this.taxonomy.info.id;
  }

  /** The taxonomy's node for a value, or undefined when the taxonomy has none. */
  resolve(value: string): TaxonomyMatch | undefined {
    const cached = this.cache.get(value);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.find(value.trim());
    this.cache.set(value, found ?? NOT_FOUND);
    return found;
  }

  private find(value: string): TaxonomyMatch | undefined {
    const { tree } = this.taxonomy;
    const id = SHOPIFY_GID.exec(value)?.[1] ?? (/^\d+$/.test(value) ? value : undefined);
    let index = id === undefined ? undefined : tree.byId.get(id);
    if (index === undefined) {
      const path = joinCategoryPath(shopPathLevels(value));
      index = tree.byPath.get(path) ?? this.byLowerPath.get(path.toLowerCase());
    }
    const node = index === undefined ? undefined : tree.nodes[index];
    return node ? { label: joinCategoryPath(node.path), nodeId: node.id } : undefined;
  }
}

const loaded = new Map<string, Promise<TaxonomyLabels>>();

/** One parsed taxonomy per id and thread, however many imports read it. */
export function taxonomyLabels(id: string, load: TaxonomyLoader): Promise<TaxonomyLabels> {
  let pending = loaded.get(id);
  if (!pending) {
    pending = load(id).then((file) => new TaxonomyLabels(parseTaxonomyFile(file)));
    pending.catch(() => loaded.delete(id));
    loaded.set(id, pending);
  }
  return pending;
}
