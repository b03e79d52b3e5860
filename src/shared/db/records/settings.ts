import type { BackendBenchmark, BackendName } from '../../contracts/jobs.ts';

/** Settings kept per browser, one record per key. */
export interface SettingsValues {
  backendChoice: {
    chosen: BackendName;
    automatic: boolean;
    figures: BackendBenchmark[];
    measuredAt: number;
  };
  /** Where the owner was, so that the next visit opens there (the URL has it too). */
  workspace: {
    screen: string;
    datasetId: string | null;
    modelId: string | null;
    taxonomyId: string | null;
  };
  /** The first-run guide on the demo: hidden once the owner says so. */
  guide: { hidden: boolean };
}
