import type { PathClassification } from '@shared/contracts/classify.ts';
import {
  buildLabelHierarchy,
  type LabelHierarchy,
  predictWithBackOff,
} from '@shared/taxonomy/label-hierarchy.ts';
import { predictProbabilities } from '../model/predict.ts';
import { productText } from '../text/product-text.ts';
import type { LoadedClassifier } from '../classify/classify.ts';

const hierarchies = new WeakMap<LoadedClassifier, LabelHierarchy>();

function hierarchyOf(classifier: LoadedClassifier): LabelHierarchy {
  let hierarchy = hierarchies.get(classifier);
  if (!hierarchy) {
    hierarchy = buildLabelHierarchy(classifier.labels);
    hierarchies.set(classifier, hierarchy);
  }
  return hierarchy;
}

/**
 * The most probable category path of each product, backed off to its deepest ancestor whose
 * summed probability reaches `threshold` when the whole path is less sure than that.
 */
export async function classifyPaths(
  classifier: LoadedClassifier,
  products: readonly { title: string; description?: string }[],
  threshold: number,
): Promise<PathClassification[]> {
  const hierarchy = hierarchyOf(classifier);
  const rows = products.map((product) => classifier.index.vectorize(productText(product)));
  const probabilities = await predictProbabilities(classifier.model, rows, classifier.temperature);
  const width = classifier.labels.length;
  return products.map((_, r) => {
    const leaf = predictWithBackOff(hierarchy, probabilities, 0, r * width, width);
    const chosen = predictWithBackOff(hierarchy, probabilities, threshold, r * width, width);
    return {
      path: chosen.path,
      probability: chosen.probability,
      backedOff: chosen.backedOff,
      leafPath: leaf.path,
      leafProbability: leaf.probability,
    };
  });
}
