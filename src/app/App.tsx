import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  BackendBenchmark,
  DatasetRecord,
  ModelRecord,
  RunCheckpointRecord,
} from '../shared/db/schema.ts';
import { deleteDataset, listDatasets } from '../shared/db/catalogue-store.ts';
import type { BackendName } from '../shared/model-types.ts';
import type {
  ClassifyApi,
  ImageApi,
  ImportApi,
  TaxonomyApi,
  TrainApi,
} from '../shared/worker-api.ts';
import {
  callback,
  createClassifyWorker,
  createImageWorker,
  createImportWorker,
  createTaxonomyWorker,
  createTrainWorker,
  importWithDetectedColumns,
  type WorkerHandle,
} from '../bridge/workers.ts';
import { appDb } from './db.ts';
import { backendFromUrl, fastest, readBackendChoice, saveBackendChoice } from './backend-choice.ts';
import { BackendPicker } from '../components/BackendPicker.tsx';
import { ImportPanel } from '../components/ImportPanel.tsx';
import { DatasetList } from '../components/DatasetList.tsx';
import { DatasetRows } from '../components/DatasetRows.tsx';
import { TrainPanel } from '../components/TrainPanel.tsx';
import { EvaluationPanel } from '../components/EvaluationPanel.tsx';
import { ClassifyPanel } from '../components/ClassifyPanel.tsx';
import { PhotoPanel } from '../components/PhotoPanel.tsx';
import { deleteDatasetPhotos } from '../shared/db/photo-store.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { CategoryMapping } from '../components/CategoryMapping.tsx';
import { ReviewPanel } from '../components/review/ReviewPanel.tsx';
import { RetrainComparison } from '../components/review/RetrainComparison.tsx';
import { ModelRegistry } from '../components/lifecycle/ModelRegistry.tsx';
import { ProjectTransfer } from '../components/lifecycle/ProjectTransfer.tsx';
import { exposeTestApi } from './test-api.ts';
import { runBrowserBenchmark } from './benchmark.ts';
import { runImageBenchmark } from './image-benchmark.ts';
import type { KioskOptions } from './kiosk.ts';
import { requestPersistence } from './storage-usage.ts';
import { KioskBanner } from '../components/KioskBanner.tsx';
import { OfflineBadge } from '../components/OfflineBadge.tsx';
import { PrivacyIndicator } from '../components/PrivacyIndicator.tsx';
import { StoragePanel } from '../components/StoragePanel.tsx';
import { asFailure, type Failure } from './failure.ts';

/** Keeps one worker of a kind alive and replaces it when it had to be terminated. */
function useWorker<Api>(create: () => WorkerHandle<Api>) {
  const handle = useRef<WorkerHandle<Api> | null>(null);
  const get = useCallback(() => (handle.current ??= create()), [create]);
  const restart = useCallback(() => {
    handle.current?.terminate();
    handle.current = null;
  }, []);
  useEffect(() => restart, [restart]);
  return [get, restart] as const;
}

const DEMO_URL = `${import.meta.env.BASE_URL}demo/catalogue.csv`;

interface AppProps {
  /** A demo station: throwaway storage, the demo preloaded, a reset after idle time. */
  kiosk: KioskOptions | null;
}

export function App({ kiosk }: AppProps) {
  const [importWorker, restartImport] = useWorker<ImportApi>(createImportWorker);
  const [trainWorker, restartTrain] = useWorker<TrainApi>(createTrainWorker);
  const [classifyWorker, restartClassify] = useWorker<ClassifyApi>(createClassifyWorker);
  const [taxonomyWorker] = useWorker<TaxonomyApi>(createTaxonomyWorker);
  const [imageWorker, restartImage] = useWorker<ImageApi>(createImageWorker);

  const [backend, setBackend] = useState<BackendName | null>(null);
  const [figures, setFigures] = useState<BackendBenchmark[]>([]);
  const [measuring, setMeasuring] = useState(false);
  const [automatic, setAutomatic] = useState(true);
  const [datasets, setDatasets] = useState<DatasetRecord[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [models, setModels] = useState<ModelRecord[]>([]);
  const [runs, setRuns] = useState<RunCheckpointRecord[]>([]);
  const [loadedModelId, setLoadedModelId] = useState<string | null>(null);
  /** Picked in the model list; otherwise the selected dataset's newest model is used. */
  const [chosenModelId, setChosenModelId] = useState<string | null>(null);
  const [corrections, setCorrections] = useState(0);
  const [demoState, setDemoState] = useState<'idle' | 'loading'>('idle');
  const [error, setError] = useState<Failure | null>(null);
  const [kioskReady, setKioskReady] = useState(false);

  const report = useCallback((caught: unknown) => {
    setError(asFailure(caught));
  }, []);

  const refresh = useCallback(async () => {
    const db = await appDb();
    const list = await listDatasets(db);
    setDatasets(list);
    setSelectedId((current) =>
      current && list.some((d) => d.id === current) ? current : (list[0]?.id ?? null),
    );
    setRuns(await db.getAll('checkpoints'));
    setModels((await db.getAllFromIndex('models', 'byCreated')).reverse());
  }, []);

  const applyBackend = useCallback(
    async (chosen: BackendName) => {
      const active = await trainWorker().api.useBackend(chosen);
      await classifyWorker().api.useBackend(chosen);
      setBackend(active);
    },
    [trainWorker, classifyWorker],
  );

  const measure = useCallback(async () => {
    setMeasuring(true);
    setFigures([]);
    try {
      const results = await trainWorker().api.measureBackends(
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
      await applyBackend(chosen);
    } finally {
      setMeasuring(false);
    }
  }, [trainWorker, applyBackend]);

  useEffect(() => {
    void (async () => {
      try {
        await refresh();
        const pinned = backendFromUrl(window.location.search);
        const stored = await readBackendChoice(await appDb());
        if (stored) {
          setFigures(stored.figures);
          setAutomatic(stored.automatic);
        }
        if (pinned) {
          setAutomatic(false);
          await applyBackend(pinned);
        } else if (stored) await applyBackend(stored.chosen);
        else await measure();
      } catch (caught) {
        report(caught);
      }
    })();
  }, [refresh, applyBackend, measure, report]);

  const pick = async (chosen: BackendName) => {
    try {
      await applyBackend(chosen);
      await saveBackendChoice(await appDb(), {
        chosen,
        automatic: false,
        figures,
        measuredAt: Date.now(),
      });
      setAutomatic(false);
    } catch (caught) {
      report(caught);
    }
  };

  const datasetModels = models.filter((m) => m.datasetId === selectedId);
  const chosenModel = models.find((m) => m.id === chosenModelId) ?? null;
  // A chosen model wins when it belongs to the selected dataset or stands alone (imported
  // without its dataset); picking another dataset goes back to that dataset's newest model.
  const currentModel =
    chosenModel &&
    (chosenModel.datasetId === selectedId || !datasets.some((d) => d.id === chosenModel.datasetId))
      ? chosenModel
      : (datasetModels[0] ?? null);
  const modelOfSelected = currentModel?.datasetId === selectedId ? currentModel : null;

  useEffect(() => {
    if (!selectedId) return;
    void appDb()
      .then((db) => db.countFromIndex('corrections', 'byDataset', selectedId))
      .then(setCorrections, report);
  }, [selectedId, report]);

  useEffect(() => {
    if (!currentModel || !backend || loadedModelId === currentModel.id) return;
    classifyWorker()
      .api.loadModel(currentModel.id)
      .then(() => setLoadedModelId(currentModel.id), report);
  }, [currentModel, backend, loadedModelId, classifyWorker, report]);

  useEffect(() => {
    exposeTestApi({
      backend: () => backend,
      trainBackend: () => trainWorker().api.currentBackend(),
      trainTensors: () => trainWorker().api.tensorCount(),
      classifyTensors: () => classifyWorker().api.tensorCount(),
      benchmark: (request) =>
        runBrowserBenchmark(
          { importer: importWorker(), trainer: trainWorker(), classifier: classifyWorker() },
          request,
        ),
      imageBenchmark: (request) =>
        runImageBenchmark(
          {
            importer: importWorker(),
            images: imageWorker(),
            trainer: trainWorker(),
            classifier: classifyWorker(),
          },
          request,
        ),
      imageTensors: () => imageWorker().api.tensorCount(),
      simulateTrainFailure: (failure) => trainWorker().api.simulateFailure(failure),
      classify: (titles) =>
        classifyWorker().api.classify(
          titles.map((title) => ({ title })),
          5,
        ),
    });
  }, [backend, importWorker, trainWorker, classifyWorker, imageWorker]);

  const loadDemo = useCallback(async () => {
    setDemoState('loading');
    try {
      const response = await fetch(DEMO_URL);
      if (!response.ok)
        throw new Error(`The demo catalogue could not be read (${response.status})`);
      const file = new File([await response.blob()], 'demo-myntra-fashion.csv', {
        type: 'text/csv',
      });
      const dataset = await importWithDetectedColumns(
        importWorker(),
        file,
        'Demo: Myntra fashion (3,000 products)',
      );
      await refresh();
      setSelectedId(dataset.id);
    } catch (caught) {
      report(caught);
    } finally {
      setDemoState('idle');
    }
  }, [importWorker, refresh, report]);

  const kioskPreloaded = useRef(false);
  useEffect(() => {
    if (!kiosk || kioskPreloaded.current) return;
    kioskPreloaded.current = true;
    void loadDemo().then(() => setKioskReady(true));
  }, [kiosk, loadDemo]);

  const persistenceAsked = useRef(false);
  const onImported = (dataset: DatasetRecord) => {
    void refresh();
    setSelectedId(dataset.id);
    // The first catalogue is when there is something worth keeping.
    if (!kiosk && !persistenceAsked.current) {
      persistenceAsked.current = true;
      void requestPersistence().then(refresh);
    }
  };

  const selected = datasets.find((d) => d.id === selectedId) ?? null;
  return (
    <div className="app">
      {kiosk && <KioskBanner idleMs={kiosk.idleMs} ready={kioskReady} />}
      <header>
        <div>
          <h1>Shelfwise</h1>
          <p className="tagline">
            Your catalogue, classified in this browser. Nothing is uploaded.
          </p>
        </div>
        <BackendPicker
          current={backend}
          figures={figures}
          measuring={measuring}
          automatic={automatic}
          onPick={(b) => void pick(b)}
          onMeasure={() => void measure().catch(report)}
        />
        <div className="header-status">
          <OfflineBadge />
          <PrivacyIndicator />
        </div>
      </header>
      {error && <ErrorNote code={error.code} message={error.message} />}
      <main>
        <div className="column">
          <ImportPanel
            worker={importWorker}
            restartWorker={restartImport}
            onImported={onImported}
            incompleteImports={datasets.filter((d) => d.status === 'importing')}
          />
          {datasets.length === 0 && (
            <section className="card demo">
              <button
                type="button"
                className="primary"
                onClick={() => void loadDemo()}
                disabled={demoState === 'loading'}
              >
                {demoState === 'loading' ? 'Loading the demo…' : 'Use the demo catalogue'}
              </button>
              <span className="muted">
                {' '}
                3,000 real fashion products in 20 categories (Myntra, MIT licence).
              </span>
            </section>
          )}
          <DatasetList
            datasets={datasets}
            selectedId={selectedId}
            onSelect={(id) => {
              setSelectedId(id);
              setChosenModelId(null);
            }}
            onDelete={(id) =>
              void appDb()
                .then((db) => Promise.all([deleteDataset(db, id), deleteDatasetPhotos(db, id)]))
                .then(refresh, report)
            }
          />
          <ModelRegistry
            models={models}
            datasets={datasets}
            currentModelId={currentModel?.id ?? null}
            worker={classifyWorker}
            onUse={(model) => {
              setChosenModelId(model.id);
              if (datasets.some((d) => d.id === model.datasetId)) setSelectedId(model.datasetId);
            }}
            onChanged={() => void refresh().catch(report)}
          />
          <ProjectTransfer
            worker={classifyWorker}
            restartWorker={restartClassify}
            onImported={() => void refresh().catch(report)}
          />
          {!kiosk && <StoragePanel version={[datasets, models, runs]} />}
          {selected && <DatasetRows key={selected.id} dataset={selected} />}
        </div>
        <div className="column">
          <TrainPanel
            dataset={selected}
            unfinishedRuns={runs}
            worker={trainWorker}
            restartWorker={restartTrain}
            backend={measuring ? null : backend}
            onTrained={() => {
              setChosenModelId(null);
              void refresh();
            }}
            onRunsChanged={() => void refresh()}
            currentModel={modelOfSelected}
            corrections={corrections}
            onBackendFallback={(to) =>
              // For this visit only: the saved choice is tried again next time.
              void classifyWorker()
                .api.useBackend(to)
                .then(() => setBackend(to), report)
            }
          />
          <ClassifyPanel
            worker={classifyWorker}
            modelReady={loadedModelId !== null && loadedModelId === currentModel?.id}
          />
          {currentModel?.comparison && (
            <RetrainComparison model={{ ...currentModel, comparison: currentModel.comparison }} />
          )}
          {currentModel && <EvaluationPanel model={currentModel} />}
          {modelOfSelected && selected && (
            <ReviewPanel
              key={modelOfSelected.id}
              model={modelOfSelected}
              dataset={selected}
              worker={classifyWorker}
              restartWorker={restartClassify}
              trainWorker={trainWorker}
              restartTrainWorker={restartTrain}
              backend={measuring ? null : backend}
              onCorrectionsChanged={setCorrections}
            />
          )}
          <CategoryMapping
            key={selected?.id ?? 'none'}
            dataset={selected}
            taxonomyWorker={taxonomyWorker}
            classifyWorker={classifyWorker}
            modelReady={loadedModelId !== null && loadedModelId === currentModel?.id}
          />
          <PhotoPanel
            dataset={selected}
            textModelId={modelOfSelected?.id ?? null}
            worker={imageWorker}
            restartWorker={restartImage}
            importWorker={importWorker}
            backend={measuring ? null : backend}
            onDatasetCreated={(dataset) => {
              void refresh();
              setSelectedId(dataset.id);
            }}
          />
        </div>
      </main>
      <footer className="muted">
        Shelfwise runs TensorFlow.js in Web Workers and keeps datasets and models in this browser’s
        IndexedDB.
      </footer>
    </div>
  );
}
