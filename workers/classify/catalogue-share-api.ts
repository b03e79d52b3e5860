import type { BackendName } from '@shared/contracts/jobs.ts';
import type { CatalogueShare } from './classify-catalogue.ts';
import type { TopAt, TopShare } from './catalogue-top.ts';

/**
 * A helper of the classify worker's whole-catalogue jobs, started for one job: for
 * classify-all it loads the same model and classifies shares of the rows (see
 * `classifyCatalogue`); for a cross-check it plans the same folds and trains and classifies
 * whole folds (see `crossCheckCatalogue`).
 */
export interface CatalogueShareApi {
  useBackend(name: BackendName): Promise<BackendName>;
  /** Loads the model and its dataset's corrections, for the shares that follow. */
  prepare(modelId: string, datasetId: string): Promise<void>;
  classifyShare(
    jobId: string,
    share: CatalogueShare,
    onRows: (done: number) => void,
  ): Promise<TopShare>;
  /** Reads the model and rows of the cross-check, for the folds that follow. */
  prepareCrossCheck(modelId: string, folds: number): Promise<void>;
  crossCheckFold(
    jobId: string,
    fold: number,
    onFraction: (fraction: number) => void,
  ): Promise<TopAt>;
  cancel(jobId: string): void;
}
