import { newId } from '@shared/ids.ts';
import { useCallback, useRef, useState } from 'react';
import { callback } from '../bridge/workers.ts';
import { cancelWithDeadline } from './cancel-deadline.ts';
import { cancelling, failed, idle, running, withProgress, type JobState } from './job-state.ts';

interface WorkerJobControls {
  /** Asks the worker to stop the job with this id. */
  cancel(jobId: string): unknown;
  /** Terminates and forgets the worker, for a job that does not stop. */
  restart(): void;
  /** Shown when the worker had to be terminated. */
  terminatedMessage: string;
  /** Any call the worker answers only while its event loop runs (see cancelWithDeadline). */
  ping?: () => Promise<unknown>;
}

/**
 * One long job on a worker, seen from a component: its state, how to start it with a
 * progress callback, and Cancel with a deadline after which the worker is terminated.
 */
export function useWorkerJob<Progress, Result>(kind: string, controls: WorkerJobControls) {
  const [job, setJob] = useState<JobState<Progress, Result>>(idle);
  const pending = useRef<Promise<Result> | null>(null);
  /** Shows an error as the job's outcome; the same function on every render. */
  const fail = useCallback((error: unknown) => setJob(failed(error)), []);

  /** Runs the job; resolves to its result, or null when it failed or was cancelled. */
  async function start(
    launch: (jobId: string, onProgress: (progress: Progress) => void) => Promise<Result>,
    onEachProgress?: (progress: Progress) => void,
  ): Promise<Result | null> {
    const jobId = newId(kind);
    setJob(running(jobId));
    const work = launch(
      jobId,
      callback((progress: Progress) => {
        onEachProgress?.(progress);
        setJob((state) => withProgress(state, progress));
      }),
    );
    pending.current = work;
    try {
      const result = await work;
      setJob({ status: 'done', result });
      return result;
    } catch (error) {
      setJob(failed(error));
      return null;
    } finally {
      pending.current = null;
    }
  }

  async function cancel(): Promise<void> {
    if (job.status !== 'running' || !pending.current) return;
    setJob(cancelling);
    const { jobId } = job;
    const outcome = await cancelWithDeadline(
      pending.current,
      () => controls.cancel(jobId),
      controls.restart,
      { ping: controls.ping },
    );
    if (outcome === 'terminated')
      setJob({ status: 'cancelled', message: controls.terminatedMessage });
  }

  return {
    job,
    start,
    cancel,
    reset: () => setJob(idle),
    fail,
  };
}
