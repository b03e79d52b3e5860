import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord, RunCheckpointRecord } from '@shared/db/records/model.ts';
import type { SettingsValues } from '@shared/db/records/settings.ts';
import { listDatasets } from '@shared/db/catalogue-store.ts';
import { appDb } from '../common/db.ts';
import { asFailure, type Failure } from '../common/failure.ts';
import { parseHash, useHash, writeRoute, type Route, type Screen } from './routes.ts';
import { useBackendChoice } from './backend-context.tsx';
import { useWorkerPool } from './workers-context.tsx';
import { resolveModel } from './model-choice.ts';

type Saved = SettingsValues['workspace'];

export interface Workspace {
  /** False until the stored datasets and models have been read once. */
  loaded: boolean;
  route: Route;
  /** Moves to another screen (a history entry: Back returns). */
  go(screen: Screen): void;
  datasets: DatasetRecord[];
  /** Newest first. */
  models: ModelRecord[];
  runs: RunCheckpointRecord[];
  /** The catalogue the steps work on. */
  dataset: DatasetRecord | null;
  /** The model in use: classifies, is checked, reviewed with and labels. */
  model: ModelRecord | null;
  /** The model in use when it belongs to the selected catalogue. */
  modelOfDataset: ModelRecord | null;
  /** True once the model in use is loaded in the classify worker. */
  modelReady: boolean;
  /** Corrections stored for the selected catalogue. */
  corrections: number;
  setCorrections(count: number): void;
  selectDataset(id: string): void;
  /** Makes a model the one in use; null goes back to the catalogue's newest complete one. */
  chooseModel(id: string | null): void;
  setTaxonomy(id: string | null): void;
  refresh(): Promise<void>;
  error: Failure | null;
  report(error: unknown): void;
  clearError(): void;
}

const WorkspaceContext = createContext<Workspace | null>(null);

/** Where a visit without a screen in its URL starts: the first step not done yet. */
function firstScreen(datasets: DatasetRecord[], models: ModelRecord[]): Screen {
  if (datasets.length === 0) return 'import';
  return models.length === 0 ? 'train' : 'check';
}

/**
 * The catalogues and models in this browser, which ones the steps work on, and where the
 * owner is: the URL's hash says it (and a shared link opens the same view), the settings store
 * keeps it for the next visit.
 */
export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const pool = useWorkerPool();
  const { backend } = useBackendChoice();
  const hash = useHash();
  const [datasets, setDatasets] = useState<DatasetRecord[]>([]);
  const [models, setModels] = useState<ModelRecord[]>([]);
  const [runs, setRuns] = useState<RunCheckpointRecord[]>([]);
  const [saved, setSaved] = useState<Saved | null | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [corrections, setCorrections] = useState(0);
  const [loadedModel, setLoadedModel] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const report = useCallback((caught: unknown) => setError(asFailure(caught)), []);

  const refresh = useCallback(async () => {
    const db = await appDb();
    const [list, checkpoints, all] = await Promise.all([
      listDatasets(db),
      db.getAll('checkpoints'),
      db.getAllFromIndex('models', 'byCreated'),
    ]);
    setDatasets(list);
    setRuns(checkpoints);
    setModels(all.reverse());
  }, []);

  useEffect(() => {
    const start = async () => {
      const db = await appDb();
      setSaved(((await db.get('settings', 'workspace')) as Saved | undefined) ?? null);
      await refresh();
      setLoaded(true);
    };
    start().catch(report);
  }, [refresh, report]);

  const parsed = parseHash(hash);
  const ready = loaded && saved !== undefined;
  // The route as the URL has it, its gaps filled from the last visit and from what is stored.
  const datasetId =
    [parsed?.dataset, parsed ? null : saved?.datasetId].find(
      (id) => id && datasets.some((d) => d.id === id),
    ) ??
    datasets.find((d) => d.status === 'ready')?.id ??
    datasets[0]?.id ??
    null;
  const model = resolveModel(
    models,
    datasets,
    datasetId,
    parsed ? parsed.model : (saved?.modelId ?? null),
  );
  const route: Route = {
    screen:
      parsed?.screen ?? (saved?.screen as Screen | undefined) ?? firstScreen(datasets, models),
    dataset: datasetId,
    model: model?.id ?? null,
    taxonomy: parsed ? parsed.taxonomy : (saved?.taxonomyId ?? null),
  };

  // The address bar gets what it leaves out once that is known, and the settings store keeps
  // the route. An id the URL names is never overwritten: it may be of a catalogue or model
  // just stored, which the lists read a moment later.
  const { screen, dataset: routeDataset, model: routeModel, taxonomy } = route;
  const named = parsed ? { dataset: parsed.dataset, model: parsed.model } : null;
  useEffect(() => {
    if (!ready) return;
    writeRoute(
      {
        screen,
        dataset: named?.dataset ?? routeDataset,
        model: named?.model ?? routeModel,
        taxonomy,
      },
      false,
    );
    appDb()
      .then((db) =>
        db.put(
          'settings',
          { screen, datasetId: routeDataset, modelId: routeModel, taxonomyId: taxonomy },
          'workspace',
        ),
      )
      .catch(report);
  }, [ready, screen, routeDataset, routeModel, taxonomy, named?.dataset, named?.model, report]);

  const update = (change: Partial<Route>, push = false) => {
    const current = parseHash(window.location.hash) ?? route;
    writeRoute({ ...current, ...change }, push);
  };

  useEffect(() => {
    if (!datasetId) return;
    appDb()
      .then((db) => db.countFromIndex('corrections', 'byDataset', datasetId))
      .then(setCorrections, report);
  }, [datasetId, report]);

  // The model in use is loaded into the classify worker, again after the worker restarts.
  const [generation, setGeneration] = useState(0);
  useEffect(
    () => pool.onRestart((kind) => kind === 'classify' && setGeneration((g) => g + 1)),
    [pool],
  );
  const modelId = model?.id ?? null;
  const loadKey = modelId && backend ? `${generation}:${backend}:${modelId}` : null;
  useEffect(() => {
    if (!loadKey || !modelId || !backend) return;
    let live = true;
    const classify = pool.get('classify').api;
    classify
      .useBackend(backend)
      .then(() => classify.loadModel(modelId))
      .then(() => live && setLoadedModel(loadKey), report);
    return () => {
      live = false;
    };
  }, [loadKey, modelId, backend, pool, report]);

  const dataset = datasets.find((d) => d.id === datasetId) ?? null;
  const value: Workspace = {
    loaded: ready,
    route,
    go: (target) => update({ screen: target }, true),
    datasets,
    models,
    runs,
    dataset,
    model,
    modelOfDataset: model && model.datasetId === datasetId ? model : null,
    modelReady: loadKey !== null && loadedModel === loadKey,
    corrections,
    setCorrections,
    selectDataset: (id) => update({ dataset: id, model: null }),
    chooseModel: (id) => {
      const chosen = models.find((m) => m.id === id);
      const owner = chosen && datasets.some((d) => d.id === chosen.datasetId);
      update({ model: id, ...(chosen && owner ? { dataset: chosen.datasetId } : {}) });
    },
    setTaxonomy: (id) => update({ taxonomy: id }),
    refresh,
    error,
    report,
    clearError: () => setError(null),
  };
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside WorkspaceProvider');
  return workspace;
}
