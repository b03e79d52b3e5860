/**
 * How long jobs report progress: at most ten times a second (every report crosses to the page,
 * and a worker that awaits each one would spend its time on round trips), with the time left
 * estimated from the pace so far.
 */
export const PROGRESS_INTERVAL_MS = 100;

/** Milliseconds left at the pace so far: null until some work is done, 0 once all is. */
export function remainingMs(elapsedMs: number, done: number, total: number): number | null {
  if (done >= total) return 0;
  return done > 0 ? (elapsedMs / done) * (total - done) : null;
}

/** Says when a job's next progress report is due, and how long the rest will take. */
export class ProgressClock {
  private readonly startedAt = performance.now();
  private lastReportAt = Number.NEGATIVE_INFINITY;

  /** True at most once per PROGRESS_INTERVAL_MS, or always when `force` (the last report). */
  due(force = false): boolean {
    const now = performance.now();
    if (!force && now - this.lastReportAt < PROGRESS_INTERVAL_MS) return false;
    this.lastReportAt = now;
    return true;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Time left when `done` of `total` units of equal cost are finished. */
  remainingMs(done: number, total: number): number | null {
    return remainingMs(this.elapsedMs(), done, total);
  }
}
