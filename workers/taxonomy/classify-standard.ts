import type { StandardClassifyRequest, StandardPrediction } from '@shared/contracts/taxonomy.ts';
import type { StandardTaxonomy } from '@shared/taxonomy/standard-taxonomy.ts';
import { productText } from '../text/product-text.ts';
import type { ProfileIndex } from './ngram-profile.ts';

/**
 * Sharper than a shop's own label set needs: over 10k nodes a softer prior spreads its mass
 * so thin that any model guess outweighs it. 0.02 is the temperature scripts/cold-start.ts
 * fitted most often.
 */
const PRIOR_TEMPERATURE = 0.02;

/** Below this a node's share counts as not coming from that source. */
const NOTICEABLE = 0.01;

/**
 * Standard nodes for each product: (1 − w) × the model's probabilities carried to nodes by
 * the mapping + w × a softmax over the similarity of the product's text to every node.
 * Nodes no shop category maps to, with no labelled example anywhere, still get the names'
 * share: the cold-start case measured by scripts/cold-start.ts (weights 0.3–0.5 fitted there).
 */
export function classifyIntoTaxonomy(
  taxonomy: StandardTaxonomy,
  index: ProfileIndex,
  request: Omit<StandardClassifyRequest, 'taxonomyUrl'>,
): StandardPrediction[][] {
  const nodeOfCategory = new Map(
    request.mapping.flatMap(({ shopCategory, nodeId }) => {
      const node = nodeId === null ? undefined : taxonomy.tree.byId.get(nodeId);
      return node === undefined ? [] : [[shopCategory, node] as const];
    }),
  );
  const size = taxonomy.tree.nodes.length;
  const weight = request.modelPredictions ? Math.min(1, Math.max(0, request.priorWeight)) : 1;
  return request.products.map((product, r) => {
    const similarity = index.similarities(index.profile(productText(product)));
    let max = Number.NEGATIVE_INFINITY;
    for (let n = 0; n < size; n++) max = Math.max(max, (similarity[n] ?? 0) / PRIOR_TEMPERATURE);
    const prior = new Float64Array(size);
    let sum = 0;
    for (let n = 0; n < size; n++) {
      prior[n] = Math.exp((similarity[n] ?? 0) / PRIOR_TEMPERATURE - max);
      sum += prior[n] ?? 0;
    }
    const fromModel = new Float64Array(size);
    for (const { label, probability } of request.modelPredictions?.[r] ?? []) {
      const node = nodeOfCategory.get(label);
      if (node !== undefined) fromModel[node] = (fromModel[node] ?? 0) + probability;
    }
    const ranked: StandardPrediction[] = [];
    for (let n = 0; n < size; n++) {
      const names = (weight * (prior[n] ?? 0)) / sum;
      const model = (1 - weight) * (fromModel[n] ?? 0);
      const probability = names + model;
      if (
        ranked.length >= request.k &&
        probability <= (ranked[ranked.length - 1]?.probability ?? 0)
      )
        continue;
      const source =
        model >= NOTICEABLE && names >= NOTICEABLE
          ? 'both'
          : model >= NOTICEABLE
            ? 'model'
            : 'names';
      ranked.push({ nodeId: taxonomy.tree.nodes[n]?.id ?? '', probability, source });
      ranked.sort((a, b) => b.probability - a.probability);
      if (ranked.length > request.k) ranked.pop();
    }
    return ranked;
  });
}
