import { expose } from 'comlink';
import { appError } from '@shared/errors.ts';
import { readCorrections, readLabelledRows } from '@shared/db/corrections.ts';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import { liveTensorCount } from '../backend/tensor-count.ts';
import { currentBackend, switchBackend } from '../backend/backends.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { startWorker } from '../worker-start.ts';
import { explainText } from '../model/explain.ts';
import { explainDeep } from '../deep/explain-deep.ts';
import { normalizeText } from '../text/tokenize.ts';
import { productText } from '../text/product-text.ts';
import { classifyPaths } from '../taxonomy/classify-paths.ts';
import { classifyProducts, releaseClassifier } from './classify.ts';
import { classifyCatalogue } from './classify-catalogue.ts';
import { readClassifier, type StoredClassifier } from './read-classifier.ts';
import {
  foldHelperCount,
  modelValues,
  shareHelperCount,
  startFoldHelpers,
  startShareHelpers,
} from './share-helpers.ts';
import { crossCheckCatalogue } from './cross-check.ts';
import { nearestProducts, vectorizeCatalogue, type CatalogueVectors } from './nearest-products.ts';

const db = startWorker();

interface Loaded extends StoredClassifier {
  /** Built on the first nearest-products lookup, then reused. */
  catalogue: Promise<CatalogueVectors> | null;
}
let loaded: Loaded | null = null;

async function load(modelId: string): Promise<Loaded> {
  if (loaded?.classifier.modelId === modelId) return loaded;
  const read = await readClassifier(await db, modelId);
  unload();
  loaded = { ...read, catalogue: null };
  return loaded;
}

function unload(): void {
  releaseClassifier(loaded?.classifier);
  loaded = null;
}

function current(): Loaded {
  if (!loaded) throw appError('NotFound', 'No model is loaded: train one or pick one first');
  return loaded;
}

const api: ClassifyApi = {
  useBackend: switchBackend,
  async loadModel(modelId) {
    // A model imported or deleted since may reuse the id: always read it again.
    unload();
    const { classifier } = await load(modelId);
    return { modelId, labels: classifier.labels.length, backend: currentBackend() };
  },
  async classify(products, k) {
    return classifyProducts(current().classifier, products, k);
  },
  async classifyPaths(products, threshold) {
    return classifyPaths(current().classifier, products, threshold);
  },
  async explain(product, label) {
    const { classifier } = current();
    const text = productText(product);
    const chosen = label ?? (await classifyProducts(classifier, [product], 1))[0]?.[0]?.label;
    const id = classifier.labels.indexOf(chosen ?? '');
    if (id < 0) throw appError('NotFound', `The model has no category "${chosen ?? ''}"`);
    return {
      ...explainText(classifier.index, classifier.model, text, id),
      label: classifier.labels[id] as string,
      normalizedText: normalizeText(text),
      ...(classifier.deep ? { deep: await explainDeep(classifier.deep, text, id) } : {}),
    };
  },
  async nearest(product, k) {
    const model = current();
    model.catalogue ??= readLabelledRows(await db, model.datasetId).then((rows) =>
      vectorizeCatalogue(model.classifier.index, rows),
    );
    const found = nearestProducts(model.classifier.index, await model.catalogue, product, k);
    // The vectors are cached; labels are not, so evidence shows corrections made since.
    const corrections = await readCorrections(await db, model.datasetId);
    return found.map((p) => ({ ...p, category: corrections.get(p.position)?.label ?? p.category }));
  },
  classifyCatalogue: (jobId, modelId, onProgress) =>
    runJob(jobId, async (signal) => {
      const model = await load(modelId);
      return classifyCatalogue(
        await db,
        signal,
        model.classifier,
        model.datasetId,
        model.split,
        onProgress,
        (rowCount) =>
          startShareHelpers(
            shareHelperCount(rowCount, currentBackend(), model.classifier.model.weights.length),
            modelId,
            model.datasetId,
          ),
      );
    }),
  crossCheckCatalogue: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => {
      await switchBackend(request.backend);
      return crossCheckCatalogue(
        await db,
        signal,
        request.modelId,
        request.folds,
        onProgress,
        (plan) =>
          startFoldHelpers(
            foldHelperCount(plan.folds, currentBackend(), modelValues(plan.model.stored.weights)),
            request.modelId,
            plan.folds,
          ),
      );
    }),
  cancel: cancelJob,
  // The loaded model's resident weights are a cache that lives as long as the model, not a leak.
  tensorCount: () => liveTensorCount() - (loaded?.classifier.resident?.tensorCount ?? 0),
};

expose(api);
