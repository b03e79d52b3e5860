import { expose, transfer } from 'comlink';
import { appError } from '@shared/errors.ts';
import { readCorrections } from '@shared/db/corrections.ts';
import type { CorrectionRecord } from '@shared/db/records/review.ts';
import { switchBackend } from '../backend/backends.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { startWorker } from '../worker-start.ts';
import type { CatalogueShareApi } from './catalogue-share-api.ts';
import { CatalogueTop } from './catalogue-top.ts';
import { classifyShare } from './classify-catalogue.ts';
import type { LoadedClassifier } from './classify.ts';
import { readClassifier } from './read-classifier.ts';
import { crossCheckFold, planCrossCheck, type CrossCheckPlan } from './cross-check.ts';

const db = startWorker();

/** What `prepare` loaded: this worker lives for one job, so it is never released. */
let prepared: {
  classifier: LoadedClassifier;
  corrections: ReadonlyMap<number, CorrectionRecord>;
} | null = null;

let crossCheck: CrossCheckPlan | null = null;

const api: CatalogueShareApi = {
  useBackend: switchBackend,
  async prepare(modelId, datasetId) {
    const [{ classifier }, corrections] = await Promise.all([
      readClassifier(await db, modelId),
      readCorrections(await db, datasetId),
    ]);
    prepared = { classifier, corrections };
  },
  classifyShare: (jobId, share, onRows) =>
    runJob(jobId, async (signal) => {
      if (!prepared) throw appError('NotFound', 'No model is loaded: call prepare first');
      const top = new CatalogueTop(share.rowCount, share.range.firstRow);
      await classifyShare(
        await db,
        signal,
        prepared.classifier,
        prepared.corrections,
        share,
        top,
        onRows,
      );
      const { firstRow, topClasses, topProbabilities, disagreements } = top;
      return transfer({ firstRow, topClasses, topProbabilities, disagreements }, [
        topClasses.buffer,
        topProbabilities.buffer,
      ]);
    }),
  async prepareCrossCheck(modelId, folds) {
    crossCheck = await planCrossCheck(await db, modelId, folds);
  },
  crossCheckFold: (jobId, fold, onFraction) =>
    runJob(jobId, async (signal) => {
      if (!crossCheck)
        throw appError('NotFound', 'No cross-check is planned: call prepareCrossCheck first');
      const result = await crossCheckFold(await db, signal, crossCheck, fold, onFraction);
      return transfer(result, [
        result.positions.buffer,
        result.topClasses.buffer,
        result.topProbabilities.buffer,
      ]);
    }),
  cancel: cancelJob,
};

expose(api);
