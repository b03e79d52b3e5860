import type { ProjectProgress } from '../../src/shared/worker-api.ts';

const PROGRESS_INTERVAL_MS = 100;

/** Reports project progress at most ten times a second, with an ETA from the pace so far. */
export function projectProgress(onProgress: (progress: ProjectProgress) => void) {
  const started = performance.now();
  let last = 0;
  return (stage: string, done: number, total: number, force = false): void => {
    const now = performance.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    const elapsed = now - started;
    const etaMs = done > 0 && total > done ? (elapsed / done) * (total - done) : null;
    onProgress({ kind: 'project', stage, done, total, etaMs });
  };
}
