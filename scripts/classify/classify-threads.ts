import { Worker } from 'node:worker_threads';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { StoredRow } from '@shared/db/records/catalogue.ts';
import type { ThreadReply, ThreadRequest } from './thread-messages.ts';

/** The top 3 of a chunk's rows, as CatalogueTop keeps them. */
export interface ChunkTop {
  topClasses: Int32Array;
  topProbabilities: Float32Array;
}

interface Waiting {
  resolve: (top: ChunkTop) => void;
  reject: (error: Error) => void;
}

/** A thread's failure, with the code its error carried. */
function threadError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The thread runs TypeScript as `npm run classify` does: tsx is registered in the thread
 * first (a thread does not inherit the parent's loader).
 */
function startThread(): Worker {
  const entry = new URL('./classify-thread.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  );
}

/** One worker thread with the model loaded: classifies one chunk at a time. */
class ClassifyThread {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private crash: Error | null = null;
  busy = false;

  private constructor(
    private readonly worker: Worker,
    readonly ready: Promise<void>,
  ) {}

  static start(bundle: string, backend: BackendName): ClassifyThread {
    const worker = startThread();
    let loaded!: { resolve: () => void; reject: (error: Error) => void };
    const ready = new Promise<void>((resolve, reject) => (loaded = { resolve, reject }));
    const thread = new ClassifyThread(worker, ready);
    worker.on('message', (reply: ThreadReply) => {
      if (reply.kind === 'ready') return loaded.resolve();
      if (reply.kind === 'failed' && reply.id < 0)
        return loaded.reject(threadError(reply.name, reply.message));
      const waiting = thread.waiting.get(reply.id);
      thread.waiting.delete(reply.id);
      if (reply.kind === 'done') waiting?.resolve(reply);
      else waiting?.reject(threadError(reply.name, reply.message));
    });
    worker.on('error', (error) => {
      thread.crash = error;
      loaded.reject(error);
      for (const waiting of thread.waiting.values()) waiting.reject(error);
      thread.waiting.clear();
    });
    worker.postMessage({ kind: 'load', bundle, backend } satisfies ThreadRequest);
    return thread;
  }

  async classify(rows: StoredRow[]): Promise<ChunkTop> {
    if (this.crash) throw this.crash;
    this.busy = true;
    try {
      await this.ready;
      const id = this.nextId++;
      return await new Promise<ChunkTop>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker.postMessage({ kind: 'chunk', id, rows } satisfies ThreadRequest);
      });
    } finally {
      this.busy = false;
    }
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Worker threads that classify chunks beside the main thread, each with its own copy of the
 * model: `npm run classify` hands a chunk to an idle one, or classifies it itself.
 */
export class ClassifyThreads {
  private readonly threads: ClassifyThread[];

  constructor(count: number, bundle: string, backend: BackendName) {
    this.threads = Array.from({ length: count }, () => ClassifyThread.start(bundle, backend));
  }

  get count(): number {
    return this.threads.length;
  }

  /** An idle thread's answer for `rows`, or null when every thread is busy. */
  tryClassify(rows: StoredRow[]): Promise<ChunkTop> | null {
    const idle = this.threads.find((thread) => !thread.busy);
    return idle ? idle.classify(rows) : null;
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.stop()));
  }
}
