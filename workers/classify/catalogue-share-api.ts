import type { BackendName } from '@shared/contracts/jobs.ts';
import type { CatalogueShare } from './classify-catalogue.ts';
import type { TopShare } from './catalogue-top.ts';

/**
 * A classify-all helper: a worker the classify worker starts for a large catalogue, which
 * loads the same model and classifies one share of the rows (see `classifyCatalogue`).
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
  cancel(jobId: string): void;
}
