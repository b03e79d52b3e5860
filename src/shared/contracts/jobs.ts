/**
 * What every worker job shares: the compute backends and how long jobs report progress.
 * Calls carry ids and plain data (structured clone, Blobs by reference); callbacks are comlink
 * proxies, called at most ten times a second (`src/shared/progress.ts`).
 */

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

export interface BackendBenchmark {
  backend: BackendName;
  /** Median milliseconds per training step; null when the backend failed to start. */
  stepMs: number | null;
  error?: string;
}

/** What a worker that runs TF.js offers besides its jobs. */
export interface BackendControl {
  /** Switches TF.js to `backend` and reports the one now in use. */
  useBackend(backend: BackendName): Promise<BackendName>;
  /** Live tensors in this worker, for leak checks. */
  tensorCount(): number;
}

/**
 * A long job of a worker: started with an id (which `cancel` takes), its request and a
 * progress callback (a comlink proxy), it resolves to its result or rejects with a coded error.
 */
export type Job<Request, Progress, Result> = (
  jobId: string,
  request: Request,
  onProgress: (progress: Progress) => void,
) => Promise<Result>;

/** Every long job can be cancelled by the id it was started with. */
export interface Cancellable {
  cancel(jobId: string): void;
}
