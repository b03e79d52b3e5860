import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { BackendBenchmark, BackendName } from '@shared/contracts/jobs.ts';
import { callback } from '../bridge/workers.ts';
import { appDb } from '../common/db.ts';
import { backendFromUrl, fastest, readBackendChoice, saveBackendChoice } from './backend-choice.ts';
import { useWorkerPool, type WorkerKind } from './workers-context.tsx';

export interface BackendChoice {
  /** The backend jobs run on; null while it is being chosen or measured. */
  backend: BackendName | null;
  /** The one in use even while measuring (for the badge). */
  current: BackendName | null;
  figures: BackendBenchmark[];
  measuring: boolean;
  /** True when the fastest measured backend is used, false when the owner picked one. */
  automatic: boolean;
  pick(backend: BackendName): Promise<void>;
  measure(): Promise<void>;
  /** A run moved here after its backend failed: for this visit only. */
  switchForThisVisit(backend: BackendName): Promise<void>;
  /** Set when choosing a backend failed at start. */
  startError: unknown;
}

/** Workers that hold a TF.js backend chosen by the page; the image worker sets its own per job. */
const BACKEND_WORKERS: WorkerKind[] = ['train', 'classify', 'lifecycle'];

const BackendContext = createContext<BackendChoice | null>(null);

/**
 * Chooses the compute backend once per visit: the one pinned in the URL (`?backend=wasm`),
 * else the one saved, else the fastest measured; and keeps every worker on it, restarted ones
 * included.
 */
export function BackendChoiceProvider({ children }: { children: ReactNode }) {
  const pool = useWorkerPool();
  const [current, setCurrent] = useState<BackendName | null>(null);
  const [figures, setFigures] = useState<BackendBenchmark[]>([]);
  const [measuring, setMeasuring] = useState(false);
  const [automatic, setAutomatic] = useState(true);
  const [startError, setStartError] = useState<unknown>(null);
  const currentRef = useRef<BackendName | null>(null);

  const apply = useCallback(
    async (chosen: BackendName) => {
      const active = await pool.get('train').api.useBackend(chosen);
      await pool.get('classify').api.useBackend(chosen);
      await pool.get('lifecycle').api.useBackend(chosen);
      currentRef.current = active;
      setCurrent(active);
    },
    [pool],
  );

  const measure = useCallback(async () => {
    setMeasuring(true);
    setFigures([]);
    try {
      const results = await pool
        .get('train')
        .api.measureBackends(
          callback((result: BackendBenchmark) => setFigures((f) => [...f, result])),
        );
      const chosen = fastest(results) ?? 'cpu';
      await saveBackendChoice(await appDb(), {
        chosen,
        automatic: true,
        figures: results,
        measuredAt: Date.now(),
      });
      setAutomatic(true);
      await apply(chosen);
    } finally {
      setMeasuring(false);
    }
  }, [pool, apply]);

  useEffect(() => {
    const start = async () => {
      const pinned = backendFromUrl(window.location.search);
      const stored = await readBackendChoice(await appDb());
      if (stored) {
        setFigures(stored.figures);
        setAutomatic(stored.automatic);
      }
      if (pinned) {
        setAutomatic(false);
        await apply(pinned);
      } else if (stored) await apply(stored.chosen);
      else await measure();
    };
    start().catch(setStartError);
  }, [apply, measure]);

  // A worker started again (after a job that would not stop) gets the backend back.
  useEffect(
    () =>
      pool.onRestart((kind) => {
        const backend = currentRef.current;
        if (backend && BACKEND_WORKERS.includes(kind))
          pool
            .get(kind as 'train' | 'classify' | 'lifecycle')
            .api.useBackend(backend)
            .catch(setStartError);
      }),
    [pool],
  );

  const pick = useCallback(
    async (chosen: BackendName) => {
      await apply(chosen);
      await saveBackendChoice(await appDb(), {
        chosen,
        automatic: false,
        figures,
        measuredAt: Date.now(),
      });
      setAutomatic(false);
    },
    [apply, figures],
  );

  const switchForThisVisit = useCallback(
    async (backend: BackendName) => {
      await pool.get('classify').api.useBackend(backend);
      await pool.get('lifecycle').api.useBackend(backend);
      currentRef.current = backend;
      setCurrent(backend);
    },
    [pool],
  );

  const value = useMemo<BackendChoice>(
    () => ({
      backend: measuring ? null : current,
      current,
      figures,
      measuring,
      automatic,
      pick,
      measure,
      switchForThisVisit,
      startError,
    }),
    [current, figures, measuring, automatic, pick, measure, switchForThisVisit, startError],
  );
  return <BackendContext.Provider value={value}>{children}</BackendContext.Provider>;
}

export function useBackendChoice(): BackendChoice {
  const choice = useContext(BackendContext);
  if (!choice) throw new Error('useBackendChoice outside BackendChoiceProvider');
  return choice;
}
