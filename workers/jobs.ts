/** Abort controllers of the jobs running in this worker, so a `cancel(jobId)` call can reach them. */
const running = new Map<string, AbortController>();

export async function runJob<T>(
  jobId: string,
  job: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  running.set(jobId, controller);
  try {
    return await job(controller.signal);
  } finally {
    running.delete(jobId);
  }
}

export function cancelJob(jobId: string): void {
  running.get(jobId)?.abort();
}
