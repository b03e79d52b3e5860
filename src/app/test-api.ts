import type { BackendName } from '@shared/contracts/jobs.ts';
import type { SimulatedFailure } from '@shared/contracts/train.ts';
import type { BrowserBenchRequest, BrowserBenchResult } from '../benchmark/benchmark.ts';
import type { ImageBenchRequest, ImageBenchResult } from '../benchmark/image-benchmark.ts';

/** What end-to-end tests and the benchmark may ask the running app. */
export interface ShelfwiseTestApi {
  backend(): BackendName | null;
  /** tf.getBackend() inside the training worker. */
  trainBackend(): Promise<string>;
  trainTensors(): Promise<number>;
  classifyTensors(): Promise<number>;
  /** The benchmark harness's browser runtime: real workers, real IndexedDB. */
  benchmark(request: BrowserBenchRequest): Promise<BrowserBenchResult>;
  /** The same for catalogues with photos (image worker, embedding cache, image head). */
  imageBenchmark(request: ImageBenchRequest): Promise<ImageBenchResult>;
  imageTensors(): Promise<number>;
  /** Makes the training worker's next run fail as a lost device or full memory would. */
  simulateTrainFailure(failure: SimulatedFailure | null): Promise<void>;
  /** Top-5 of the model in use for each title, with the probabilities unrounded. */
  classify(titles: string[]): Promise<{ label: string; probability: number }[][]>;
}

declare global {
  interface Window {
    shelfwise?: ShelfwiseTestApi;
  }
}

export function exposeTestApi(api: ShelfwiseTestApi): void {
  window.shelfwise = api;
}
