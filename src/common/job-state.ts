import { asFailure } from './failure.ts';

/** The state of a long job in the UI, written only through these constructors. */
export type JobState<Progress, Result> =
  | { status: 'idle' }
  | {
      status: 'running';
      jobId: string;
      startedAt: number;
      /** When the latest progress arrived (the start until the first one). */
      progressAt: number;
      progress: Progress | null;
      cancelling: boolean;
    }
  | { status: 'done'; result: Result }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; code: string; message: string };

export const idle = { status: 'idle' } as const;

export function running<P, R>(jobId: string): JobState<P, R> {
  const now = Date.now();
  return {
    status: 'running',
    jobId,
    startedAt: now,
    progressAt: now,
    progress: null,
    cancelling: false,
  };
}

export function withProgress<P, R>(state: JobState<P, R>, progress: P): JobState<P, R> {
  return state.status === 'running' ? { ...state, progress, progressAt: Date.now() } : state;
}

export function cancelling<P, R>(state: JobState<P, R>): JobState<P, R> {
  return state.status === 'running' ? { ...state, cancelling: true } : state;
}

export function failed<P, R>(error: unknown): JobState<P, R> {
  const { code, message } = asFailure(error);
  // The worker's own words for a cancel say nothing the page does not say already.
  if (code === 'AbortError') return { status: 'cancelled', message: '' };
  return { status: 'failed', code, message };
}
