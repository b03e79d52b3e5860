export interface CancelDeadline {
  /** How long a job may take to stop before the worker is asked whether it is alive. */
  graceMs?: number;
  /**
   * Answers while the worker's event loop runs: a worker that answers is winding down (saving
   * the best weights, evaluating them) and is left to finish; one that does not is stuck.
   */
  ping?: () => Promise<unknown>;
  /** How long a ping may take before the worker counts as stuck. */
  pingMs?: number;
  /** However alive it is, a job not stopped by then is ended with its worker. */
  maxWaitMs?: number;
}

const answersWithin = (ping: () => Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    ping().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

/**
 * Asks the worker to cancel. If the job has not settled after `graceMs` and the worker does not
 * answer a ping (a step that never yields), the worker is terminated and `onTerminated` lets
 * the owner start a fresh one. A worker that still answers is given more time: terminating
 * one in the middle of saving its work loses that work, and a fresh GPU worker started while
 * the old one's device is being torn down can stall.
 */
export async function cancelWithDeadline(
  settled: Promise<unknown>,
  requestCancel: () => void,
  terminate: () => void,
  { graceMs = 5000, ping, pingMs = 2000, maxWaitMs = 120_000 }: CancelDeadline = {},
): Promise<'cancelled' | 'terminated'> {
  requestCancel();
  const started = Date.now();
  let done = false;
  const finished = settled.then(
    () => (done = true),
    () => (done = true),
  );
  for (;;) {
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    if (done) return 'cancelled';
    const alive = ping && Date.now() - started < maxWaitMs && (await answersWithin(ping, pingMs));
    if (done) return 'cancelled';
    if (!alive) {
      terminate();
      return 'terminated';
    }
  }
}
