import type { BackendName } from '@shared/contracts/jobs.ts';

/**
 * Where a run goes when its backend fails: GPU backends to wasm (the fastest on CPUs), wasm to
 * plain JS, whose memory is the page's heap rather than one 4 GB wasm memory.
 */
export const FALLBACK_BACKEND: Record<BackendName, BackendName | null> = {
  webgpu: 'wasm',
  webgl: 'wasm',
  wasm: 'cpu',
  cpu: null,
};

type RecoverableError = Error & { name: 'BackendLost' | 'OutOfMemory' };

/** A lost device or exhausted memory: the run can go on elsewhere. Leaks and bugs cannot. */
export function isRecoverable(error: unknown): error is RecoverableError {
  return error instanceof Error && (error.name === 'BackendLost' || error.name === 'OutOfMemory');
}

export interface FallbackNotice {
  from: BackendName;
  to: BackendName;
  /** The epoch whose checkpoint the run continued from; null when it started again. */
  resumedAfterEpoch: number | null;
  /** Why the first backend stopped; the page words it in the interface's language. */
  cause: RecoverableError['name'];
}

export interface TrainAttempt {
  backend: BackendName;
  resumeRunId?: string;
}

export interface FallbackDeps<Result> {
  /** Runs one attempt to the end; its run id must be known to `runId()` once it started. */
  train(attempt: TrainAttempt): Promise<Result>;
  /** The id of the run the last attempt started, if it got that far. */
  runId(): string | undefined;
  /** The last checkpointed epoch of a run; null when it has none. */
  checkpointEpoch(runId: string): Promise<number | null>;
  /** Replaces the worker, whose backend may be unusable after the failure. */
  restartWorker(): void;
  onFallback(notice: FallbackNotice): void;
}

/**
 * Trains, and when the backend fails with BackendLost or OutOfMemory, continues the same run
 * from its last checkpoint on the next backend (webgpu → wasm → cpu) in a fresh worker.
 * Anything else, and a failure with no backend left, is thrown as it came.
 */
export async function trainWithFallback<Result>(
  first: TrainAttempt,
  deps: FallbackDeps<Result>,
): Promise<Result> {
  let attempt = first;
  for (;;) {
    try {
      return await deps.train(attempt);
    } catch (error) {
      const next = FALLBACK_BACKEND[attempt.backend];
      if (!isRecoverable(error) || !next) throw error;
      const runId = deps.runId() ?? attempt.resumeRunId;
      const epoch = runId ? await deps.checkpointEpoch(runId) : null;
      deps.restartWorker();
      deps.onFallback({
        from: attempt.backend,
        to: next,
        resumedAfterEpoch: epoch,
        cause: error.name,
      });
      attempt = { backend: next, ...(epoch !== null && runId ? { resumeRunId: runId } : {}) };
    }
  }
}
