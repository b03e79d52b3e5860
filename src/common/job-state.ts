import { asFailure } from './failure.ts';

/** The state of a long job in the UI, written only through these constructors. */
export type JobState<Progress, Result> =
  | { status: 'idle' }
  | {
      status: 'running';
      jobId: string;
      startedAt: number;
      progress: Progress | null;
      cancelling: boolean;
    }
  | { status: 'done'; result: Result }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; code: string; message: string };

export const idle = { status: 'idle' } as const;

export function running<P, R>(jobId: string): JobState<P, R> {
  return { status: 'running', jobId, startedAt: Date.now(), progress: null, cancelling: false };
}

export function withProgress<P, R>(state: JobState<P, R>, progress: P): JobState<P, R> {
  return state.status === 'running' ? { ...state, progress } : state;
}

export function cancelling<P, R>(state: JobState<P, R>): JobState<P, R> {
  return state.status === 'running' ? { ...state, cancelling: true } : state;
}

export function failed<P, R>(error: unknown): JobState<P, R> {
  const { code, message } = asFailure(error);
  if (code === 'AbortError') return { status: 'cancelled', message };
  return { status: 'failed', code, message };
}
