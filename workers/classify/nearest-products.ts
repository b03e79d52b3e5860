import type { StoredRow } from '@shared/db/records/catalogue.ts';
import type { NearestProduct } from '@shared/contracts/classify.ts';
import type { FeatureIndex, SparseRow } from '../text/feature-space.ts';
import { productText } from '../text/product-text.ts';

/** A catalogue's TF-IDF vectors, built once per model and kept for repeated lookups. */
export interface CatalogueVectors {
  rows: readonly StoredRow[];
  vectors: SparseRow[];
  norms: Float32Array;
}

function norm(vector: SparseRow): number {
  let sum = 0;
  for (const value of vector.values) sum += value * value;
  return Math.sqrt(sum);
}

export function vectorizeCatalogue(
  index: FeatureIndex,
  rows: readonly StoredRow[],
): CatalogueVectors {
  const vectors = rows.map((row) => index.vectorize(productText(row)));
  return { rows, vectors, norms: Float32Array.from(vectors, norm) };
}

/** The k most similar catalogue products by cosine similarity, most similar first. */
export function nearestProducts(
  index: FeatureIndex,
  catalogue: CatalogueVectors,
  product: { title: string; description?: string },
  k: number,
): NearestProduct[] {
  const query = index.vectorize(productText(product));
  const queryNorm = norm(query);
  if (queryNorm === 0) return [];
  const weightOf = new Map<number, number>();
  query.indices.forEach((row, i) => weightOf.set(row, query.values[i] as number));
  const scored: { position: number; similarity: number }[] = [];
  catalogue.vectors.forEach((vector, position) => {
    let dot = 0;
    vector.indices.forEach((row, i) => {
      const weight = weightOf.get(row);
      if (weight !== undefined) dot += weight * (vector.values[i] as number);
    });
    const denominator = queryNorm * (catalogue.norms[position] as number);
    if (dot > 0 && denominator > 0) scored.push({ position, similarity: dot / denominator });
  });
  scored.sort((a, b) => b.similarity - a.similarity || a.position - b.position);
  return scored.slice(0, k).map(({ position, similarity }) => {
    const row = catalogue.rows[position] as StoredRow;
    return { position, id: row.id, title: row.title, category: row.category, similarity };
  });
}
