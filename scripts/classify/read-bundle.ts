import { readFile } from 'node:fs/promises';
import type { ModelRecord } from '@shared/db/records/model.ts';
import { readModelBundle, unzipFiles } from '../../workers/lifecycle/model-bundle.ts';
import { loadClassifier, type LoadedClassifier } from '../../workers/classify/classify.ts';

/**
 * An exported model bundle's record and its classifier, loaded to serve on the current
 * backend; the caller releases it (`releaseClassifier`).
 * @throws InvalidInput for a damaged bundle
 */
export async function readBundleClassifier(
  path: string,
): Promise<{ record: ModelRecord; classifier: LoadedClassifier }> {
  const { record, stored } = await readModelBundle(
    unzipFiles(new Uint8Array(await readFile(path)), `The bundle ${path}`),
  );
  const classifier = loadClassifier(
    { ...record, space: stored.space, weights: stored.weights, deep: stored.deep },
    { serving: true },
  );
  return { record, classifier };
}
