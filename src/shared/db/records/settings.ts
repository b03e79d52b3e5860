import type { BackendBenchmark, BackendName } from '../../contracts/jobs.ts';

/** Settings kept per browser, one record per key. */
export interface SettingsValues {
  backendChoice: {
    chosen: BackendName;
    automatic: boolean;
    figures: BackendBenchmark[];
    measuredAt: number;
  };
}
