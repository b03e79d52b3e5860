import { throwIfAborted } from '@shared/errors.ts';

/** Tasks handed out to whichever worker is free; a task a failed helper did not finish comes back. */
export interface WorkQueue<Task> {
  next(): Task | null;
  giveBack(task: Task): void;
}

/** A queue of the given tasks, in order. */
export function queueOf<Task>(tasks: Task[]): WorkQueue<Task> {
  const left = [...tasks];
  return { next: () => left.shift() ?? null, giveBack: (task) => left.push(task) };
}

/** Does one task in another worker (a helper); stops when `signal` aborts. */
export type TaskRunner<Task, Result> = (signal: AbortSignal, task: Task) => Promise<Result>;

export interface SharedWork<Task, Result> {
  queue: WorkQueue<Task>;
  /** Does one task in this worker. */
  own: (signal: AbortSignal, task: Task) => Promise<void>;
  helpers: readonly TaskRunner<Task, Result>[];
  /** Takes in a helper's result. */
  absorb: (result: Result, task: Task) => void;
  /** A helper failed on `task`, which goes back to the queue: forget its progress. */
  lost: (task: Task) => void;
}

/**
 * Runs every task of the queue, this worker and each helper taking the next one whenever it
 * is free, so that a helper that starts late or runs slow simply does fewer. A helper that
 * fails (a worker out of memory) gives its task back and stops; the others finish the work.
 * A cancel (`signal`), or a failure in this worker, stops them all.
 */
export async function shareWork<Task, Result>(
  signal: AbortSignal | undefined,
  { queue, own, helpers, absorb, lost }: SharedWork<Task, Result>,
): Promise<void> {
  const stop = new AbortController();
  const stopAll = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', stopAll, { once: true });
  // A signal aborted already never fires.
  if (signal?.aborted) stopAll();
  const ownLoop = async () => {
    for (let task = queue.next(); task !== null; task = queue.next()) {
      throwIfAborted(stop.signal);
      await own(stop.signal, task);
    }
  };
  const helperLoop = async (helper: TaskRunner<Task, Result>, index: number) => {
    for (let task = queue.next(); task !== null; task = queue.next()) {
      throwIfAborted(stop.signal);
      let result: Result;
      try {
        result = await helper(stop.signal, task);
      } catch (error) {
        if (stop.signal.aborted) throw error;
        lost(task);
        queue.giveBack(task);
        console.warn(`the job goes on without helper ${index + 1}:`, error);
        return;
      }
      absorb(result, task);
    }
  };
  try {
    const running = ownLoop().catch((error: unknown) => {
      stopAll();
      throw error;
    });
    await Promise.allSettled([running, ...helpers.map(helperLoop)]);
    await running;
    throwIfAborted(signal);
    // Tasks that a helper gave back after this worker had run out of tasks.
    await ownLoop();
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
}
