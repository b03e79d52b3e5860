import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ClassifyApi } from '@shared/contracts/classify.ts';
import type { ImageApi } from '@shared/contracts/image.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import type { LifecycleApi } from '@shared/contracts/lifecycle.ts';
import type { TaxonomyApi } from '@shared/contracts/taxonomy.ts';
import type { TrainApi } from '@shared/contracts/train.ts';
import {
  createClassifyWorker,
  createImageWorker,
  createImportWorker,
  createLifecycleWorker,
  createTaxonomyWorker,
  createTrainWorker,
  type WorkerHandle,
} from '../bridge/workers.ts';

/** The API of each kind of worker. */
export interface WorkerApis {
  import: ImportApi;
  train: TrainApi;
  classify: ClassifyApi;
  lifecycle: LifecycleApi;
  taxonomy: TaxonomyApi;
  image: ImageApi;
}
export type WorkerKind = keyof WorkerApis;

const FACTORIES: { [K in WorkerKind]: () => WorkerHandle<WorkerApis[K]> } = {
  import: createImportWorker,
  train: createTrainWorker,
  classify: createClassifyWorker,
  lifecycle: createLifecycleWorker,
  taxonomy: createTaxonomyWorker,
  image: createImageWorker,
};

type Listener = (kind: WorkerKind) => void;

/**
 * One worker of each kind, started on first use and replaced after a restart (a job that
 * would not stop). Listeners hear of each new worker, so that what a worker must hold (its
 * backend, a loaded model) is set up again in the new one.
 */
export class WorkerPool {
  private readonly handles = new Map<WorkerKind, WorkerHandle<unknown>>();
  private readonly generations = new Map<WorkerKind, number>();
  private readonly listeners = new Set<Listener>();

  get<K extends WorkerKind>(kind: K): WorkerHandle<WorkerApis[K]> {
    let handle = this.handles.get(kind) as WorkerHandle<WorkerApis[K]> | undefined;
    if (!handle) {
      handle = FACTORIES[kind]();
      this.handles.set(kind, handle as WorkerHandle<unknown>);
    }
    return handle;
  }

  /** How many times this kind was restarted: a new number means a fresh worker. */
  generation(kind: WorkerKind): number {
    return this.generations.get(kind) ?? 0;
  }

  restart(kind: WorkerKind): void {
    this.handles.get(kind)?.terminate();
    this.handles.delete(kind);
    this.generations.set(kind, this.generation(kind) + 1);
    for (const listener of this.listeners) listener(kind);
  }

  onRestart(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminateAll(): void {
    for (const handle of this.handles.values()) handle.terminate();
    this.handles.clear();
  }
}

const WorkersContext = createContext<WorkerPool | null>(null);

export function WorkersProvider({ children }: { children: ReactNode }) {
  const [pool] = useState(() => new WorkerPool());
  // Workers are started again on next use, so a development remount loses nothing.
  useEffect(() => () => pool.terminateAll(), [pool]);
  return <WorkersContext.Provider value={pool}>{children}</WorkersContext.Provider>;
}

export function useWorkerPool(): WorkerPool {
  const pool = useContext(WorkersContext);
  if (!pool) throw new Error('useWorker outside WorkersProvider');
  return pool;
}

/** A worker of one kind: `get()` starts it on first use, `restart()` replaces it. */
export function useWorker<K extends WorkerKind>(
  kind: K,
): { get: () => WorkerHandle<WorkerApis[K]>; restart: () => void } {
  const pool = useWorkerPool();
  return useMemo(
    () => ({ get: () => pool.get(kind), restart: () => pool.restart(kind) }),
    [pool, kind],
  );
}
