import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { importWithDetectedColumns, modelsUrl, type WorkerHandle } from '../bridge/workers.ts';
import type {
  BackboneId,
  DatasetRecord,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
  ImportProblem,
} from '../shared/db/schema.ts';
import { listBackbones, type BackboneSummary } from '../shared/db/backbone-store.ts';
import type { BackendName } from '../shared/model-types.ts';
import { catalogueFromPhotoPaths } from '../shared/photo-catalogue.ts';
import type { ImageApi, ImageJobProgress, ImportApi, IncomingPhoto } from '../shared/worker-api.ts';
import { DEFAULT_PHOTO_RECIPE, FINE_TUNABLE_BACKBONES } from '../shared/photo-recipe.ts';
import { appDb } from '../app/db.ts';
import { filesFromDrop, filesFromInput } from '../app/dropped-files.ts';
import { useWorkerJob } from '../app/use-worker-job.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ProblemList } from './ProblemList.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { PhotoClassify } from './PhotoClassify.tsx';
import { BackboneImport } from './BackboneImport.tsx';
import { PhotoModelTransfer } from './PhotoModelTransfer.tsx';
import { formatBytes } from '../app/file-download.ts';

interface PhotoPanelProps {
  dataset: DatasetRecord | null;
  /** The latest text model of the dataset, for late fusion. */
  textModelId: string | null;
  worker: () => WorkerHandle<ImageApi>;
  restartWorker: () => void;
  importWorker: () => WorkerHandle<ImportApi>;
  backend: BackendName | null;
  onDatasetCreated: (dataset: DatasetRecord) => void;
}

const BACKBONE_CHOICES: { id: ImageBackboneId; label: string }[] = [
  { id: 'mobilenet_v2_0.35_224', label: 'MobileNet v2 0.35 (default: small, fast, fine-tunable)' },
  // About 23 ms a photo on wasm here against 39 ms at 224 px.
  { id: 'mobilenet_v2_0.35_160', label: 'MobileNet v2 0.35 at 160 px (fastest)' },
  { id: 'mobilenet_v1_0.75_224', label: 'MobileNet v1 0.75 (larger, frozen only)' },
];

const percent = (value: number) => (Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)}%`);

function progressLabel(progress: ImageJobProgress | null): {
  label: string;
  fraction: number | null;
  etaMs?: number;
} {
  if (!progress) return { label: 'Starting…', fraction: null };
  switch (progress.kind) {
    case 'stage':
      return { label: progress.stage, fraction: null };
    case 'attach':
      return {
        label: `Storing photos ${progress.done}/${progress.total}`,
        fraction: progress.done / progress.total,
      };
    case 'embed':
      return {
        label: `Embedding photos ${progress.done}/${progress.total} (${progress.cached} cached, ${progress.failed} unreadable)`,
        fraction: progress.total ? progress.done / progress.total : 1,
        etaMs: progress.etaMs,
      };
    case 'train':
      return {
        label: Number.isNaN(progress.validationAccuracy)
          ? `Training the head: step ${progress.epoch} of ${progress.epochs}`
          : `Training the head: epoch ${progress.epoch}, validation accuracy ${percent(progress.validationAccuracy)}`,
        fraction: progress.epoch / progress.epochs,
      };
    case 'fine-tune':
      return {
        label: `Fine-tuning the image model: epoch ${progress.epoch} of ${progress.epochs}, validation accuracy ${percent(progress.validationAccuracy)}`,
        fraction: progress.batches / progress.totalBatches,
        etaMs: progress.etaMs,
      };
  }
}

/** Photos for a dataset: attach them, embed them once, train an image or fused head, classify. */
export function PhotoPanel(props: PhotoPanelProps) {
  const { dataset, worker, backend } = props;
  const [files, setFiles] = useState<IncomingPhoto[]>([]);
  // Attaching reports missing photos, embedding reports unreadable ones: both stay listed.
  const [attachProblems, setAttachProblems] = useState<ImportProblem[]>([]);
  const [embedProblems, setEmbedProblems] = useState<ImportProblem[]>([]);
  const problems = [...attachProblems, ...embedProblems];
  const [attached, setAttached] = useState<string | null>(null);
  const [backbone, setBackbone] = useState<BackboneId>(DEFAULT_PHOTO_RECIPE.backbone);
  const [flips, setFlips] = useState(DEFAULT_PHOTO_RECIPE.views.includes('mirror'));
  const [fineTune, setFineTune] = useState(DEFAULT_PHOTO_RECIPE.fineTune);
  const [cacheSize, setCacheSize] = useState<string | null>(null);
  const [imported, setImported] = useState<BackboneSummary[]>([]);
  const [augmentViews, setAugmentViews] = useState(0);
  const [hidden, setHidden] = useState(0);
  const [kind, setKind] = useState<FusionKind>('image');
  const canFineTune =
    FINE_TUNABLE_BACKBONES.includes(backbone as ImageBackboneId) && kind !== 'concat';
  const [model, setModel] = useState<ImageModelRecord | null>(null);
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const job = useWorkerJob<ImageJobProgress, unknown>('photos', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: props.restartWorker,
    terminatedMessage:
      'The photo worker did not stop in time and was restarted; cached embeddings are kept.',
  });

  const refreshModel = useCallback(async () => {
    const db = await appDb();
    const models = dataset ? await db.getAllFromIndex('imageModels', 'byDataset', dataset.id) : [];
    setModel(models.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null);
  }, [dataset]);

  useEffect(() => {
    void (async () => {
      await refreshModel();
    })();
  }, [refreshModel]);

  const refreshImported = useCallback(async (added: BackboneSummary | null) => {
    const list = await listBackbones(await appDb());
    setImported(list);
    setBackbone((current) =>
      added
        ? added.id
        : current.startsWith('imported-') && !list.some((b) => b.id === current)
          ? DEFAULT_PHOTO_RECIPE.backbone
          : current,
    );
  }, []);

  useEffect(() => {
    void (async () => {
      await refreshImported(null);
    })();
  }, [refreshImported]);

  const [loadError, setLoadError] = useState<Error | null>(null);
  useEffect(() => {
    if (!model || !backend || loadedId === model.id) return;
    let current = true;
    void worker()
      .api.useBackend(backend)
      .then(() => worker().api.loadModel(model.id, modelsUrl()))
      .then(
        () => current && setLoadedId(model.id),
        (error: Error) => current && setLoadError(error),
      );
    return () => {
      current = false;
    };
  }, [model, backend, loadedId, worker]);

  async function attach(target: DatasetRecord, photos: IncomingPhoto[]) {
    const result = await job.start((jobId, onProgress) =>
      worker().api.attachPhotos(jobId, { datasetId: target.id, photos }, onProgress),
    );
    if (!result) return;
    const {
      attached: count,
      rowsWithImage,
      problems: found,
    } = result as Awaited<ReturnType<ImageApi['attachPhotos']>>;
    setAttachProblems(found);
    setEmbedProblems([]);
    setAttached(`${count} photos attached to ${rowsWithImage} rows with an image`);
    setFiles([]);
  }

  async function newDatasetFromFolders() {
    const csv = catalogueFromPhotoPaths(
      files.map((file) => file.path).filter((p) => !/\.zip$/i.test(p)),
    );
    try {
      const created = await importWithDetectedColumns(
        props.importWorker(),
        new File([csv], 'photos.csv', { type: 'text/csv' }),
        `Photos (${files.length} files)`,
      );
      props.onDatasetCreated(created);
      await attach(created, files);
    } catch (error) {
      job.fail(error);
    }
  }

  async function embedAndTrain() {
    if (!dataset || !backend) return;
    const views = flips ? DEFAULT_PHOTO_RECIPE.views : (['centre'] as const);
    const tune = fineTune && canFineTune;
    const result = await job.start(async (jobId, onProgress) => {
      await worker().api.useBackend(backend);
      const embedded = await worker().api.embedPhotos(
        jobId,
        {
          datasetId: dataset.id,
          backbone,
          modelsUrl: modelsUrl(),
          augmentViews,
          views: [...views],
          activations: tune,
        },
        onProgress,
      );
      setEmbedProblems(embedded.problems);
      if (tune) {
        const size = await worker().api.activationCacheSize(backbone);
        setCacheSize(
          `Activations cached for fine-tuning: ${size.views.toLocaleString('en')} views, ${formatBytes(size.bytes)} (float16)`,
        );
      }
      return worker().api.trainHead(
        jobId,
        {
          datasetId: dataset.id,
          backbone,
          kind,
          textModelId: props.textModelId,
          hidden: tune ? 0 : hidden,
          augmentViews,
          seed: 42,
          views: [...views],
          fineTune: tune,
          modelsUrl: modelsUrl(),
        },
        onProgress,
      );
    });
    if (result) {
      setLoadedId(null);
      await refreshModel();
    }
  }

  const running = job.job.status === 'running';
  const shown = running && job.job.status === 'running' ? progressLabel(job.job.progress) : null;
  return (
    <section className="card" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Product photos</h2>
      <div
        className="dropzone"
        data-testid="photo-dropzone"
        onDragOver={(event: DragEvent) => event.preventDefault()}
        onDrop={(event: DragEvent) => {
          event.preventDefault();
          void filesFromDrop(event.dataTransfer).then(setFiles, job.fail);
        }}
      >
        <label>
          A folder of photos
          <input
            type="file"
            multiple
            data-testid="photo-folder"
            // A directory picker; React does not know the attribute, the DOM does.
            {...{ webkitdirectory: '' }}
            onChange={(event) => setFiles(filesFromInput(event.target.files))}
          />
        </label>
        <label>
          Photos or a .zip
          <input
            type="file"
            multiple
            accept="image/*,.zip,.heic,.heif"
            data-testid="photo-files"
            onChange={(event) => setFiles(filesFromInput(event.target.files))}
          />
        </label>
        <span className="muted"> or drop them here.</span>
      </div>
      {files.length > 0 && (
        <p>
          {files.length} files chosen.{' '}
          {dataset && (
            <button type="button" disabled={running} onClick={() => void attach(dataset, files)}>
              Attach to “{dataset.name}”
            </button>
          )}{' '}
          <button type="button" disabled={running} onClick={() => void newDatasetFromFolders()}>
            New dataset, one category per folder
          </button>
        </p>
      )}
      {attached && (
        <p role="status" data-testid="photos-attached">
          {attached}
        </p>
      )}
      <details>
        <summary>Photo model settings</summary>
        <label>
          Image model
          <select value={backbone} onChange={(e) => setBackbone(e.target.value as BackboneId)}>
            {BACKBONE_CHOICES.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
            {imported.length > 0 && (
              <optgroup label="Imported">
                {imported.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.name} ({choice.outputDim} features)
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <BackboneImport
          worker={worker}
          backend={backend}
          imported={imported}
          disabled={running}
          onChanged={(added) => void refreshImported(added)}
        />
        <label>
          Inputs
          <select value={kind} onChange={(e) => setKind(e.target.value as FusionKind)}>
            <option value="image">Photo only</option>
            <option value="late" disabled={!props.textModelId}>
              Photo + text: late fusion with the text model
            </option>
            <option value="concat">Photo + text: one head on both</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={flips} onChange={(e) => setFlips(e.target.checked)} />{' '}
          Learn from and classify by each photo and its mirror image (flips)
        </label>
        <label>
          <input
            type="checkbox"
            checked={fineTune && canFineTune}
            disabled={!canFineTune}
            onChange={(e) => setFineTune(e.target.checked)}
          />{' '}
          Fine-tune the top of the image model on these photos
          {!canFineTune && ' (MobileNet v2, photo only or late fusion)'}
        </label>
        <label>
          Augmented views for small classes
          <input
            type="number"
            min={0}
            max={8}
            value={augmentViews}
            onChange={(e) => setAugmentViews(Number(e.target.value))}
          />
        </label>
        <label>
          Hidden units (0 = linear head)
          <input
            type="number"
            min={0}
            max={2048}
            disabled={fineTune && canFineTune}
            value={hidden}
            onChange={(e) => setHidden(Number(e.target.value))}
          />
        </label>
      </details>
      <button
        type="button"
        className="primary"
        disabled={!dataset || !backend || running}
        onClick={() => void embedAndTrain()}
      >
        Embed photos and train
      </button>
      {shown && (
        <ProgressBar
          label={shown.label}
          fraction={shown.fraction}
          etaMs={shown.etaMs ?? null}
          onCancel={() => void job.cancel()}
          cancelling={job.job.status === 'running' && job.job.cancelling}
        />
      )}
      {loadError && <ErrorNote code={loadError.name} message={loadError.message} />}
      {job.job.status === 'failed' && <ErrorNote code={job.job.code} message={job.job.message} />}
      {job.job.status === 'cancelled' && <p role="status">{job.job.message || 'Cancelled.'}</p>}
      {problems.length > 0 && <ProblemList problems={problems} />}
      {cacheSize && (
        <p className="muted" data-testid="activation-cache">
          {cacheSize}
        </p>
      )}
      {model && (
        <p data-testid="photo-model">
          {model.kind === 'image' ? 'Photo' : 'Photo + text'} model (
          {imported.find((b) => b.id === model.backbone)?.name ?? model.backbone}): accuracy{' '}
          <strong data-testid="photo-accuracy">
            {(model.evaluation.metrics.accuracy * 100).toFixed(1)}%
          </strong>
          , macro-F1 {(model.evaluation.metrics.macroF1 * 100).toFixed(1)}% on{' '}
          {model.evaluation.testRows} held-out products; trained in{' '}
          {(model.trainMs / 1000).toFixed(1)} s
          {model.views?.includes('mirror') ? ', with flips' : ''}
          {model.top && (
            <span data-testid="photo-fine-tuned">
              ; top fine-tuned for {model.top.epochs} epochs (validation{' '}
              {percent(model.top.frozenValidationAccuracy)} frozen →{' '}
              {percent(model.top.history.at(-1)?.validationAccuracy ?? Number.NaN)})
            </span>
          )}
          .
        </p>
      )}
      <PhotoModelTransfer
        worker={worker}
        model={model}
        disabled={running}
        onImported={(imported) => {
          setLoadedId(null);
          setModel(imported);
        }}
      />
      <PhotoClassify
        worker={worker}
        modelReady={loadedId !== null && loadedId === model?.id}
        usesText={model?.kind !== 'image' && model !== null}
      />
    </section>
  );
}
