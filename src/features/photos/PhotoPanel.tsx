import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { importWithDetectedColumns, modelsUrl, type WorkerHandle } from '../../bridge/workers.ts';
import type {
  BackboneId,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
} from '@shared/db/records/image.ts';
import type { DatasetRecord, ImportProblem } from '@shared/db/records/catalogue.ts';
import { listBackbones, type BackboneSummary } from '@shared/db/backbone-store.ts';
import type { BackendName } from '@shared/contracts/jobs.ts';
import { catalogueFromPhotoPaths } from '@shared/photo-catalogue.ts';
import type { ImageApi, ImageJobProgress, IncomingPhoto } from '@shared/contracts/image.ts';
import type { ImportApi } from '@shared/contracts/import.ts';
import { appDb } from '../../common/db.ts';
import { filesFromDrop, filesFromInput } from './dropped-files.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { ProblemList } from '../../common/components/ProblemList.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { PhotoClassify } from './PhotoClassify.tsx';
import { BackboneImport } from './BackboneImport.tsx';

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
  { id: 'mobilenet_v1_0.75_224', label: 'MobileNet v1 0.75 (default, more accurate)' },
  { id: 'mobilenet_v2_0.35_224', label: 'MobileNet v2 0.35 (faster, smaller)' },
  // About 23 ms a photo on wasm here against 39 ms at 224 px, for 0.8 points of accuracy.
  { id: 'mobilenet_v2_0.35_160', label: 'MobileNet v2 0.35 at 160 px (fastest)' },
];

function progressLabel(progress: ImageJobProgress | null): {
  label: string;
  fraction: number | null;
  etaMs?: number | null;
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
        label: `Training the head: epoch ${progress.epoch}, validation accuracy ${(progress.validationAccuracy * 100).toFixed(1)}%`,
        fraction: progress.epoch / progress.epochs,
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
  const [backbone, setBackbone] = useState<BackboneId>('mobilenet_v1_0.75_224');
  const [imported, setImported] = useState<BackboneSummary[]>([]);
  const [augmentViews, setAugmentViews] = useState(0);
  const [hidden, setHidden] = useState(0);
  const [kind, setKind] = useState<FusionKind>('image');
  const [model, setModel] = useState<ImageModelRecord | null>(null);
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const job = useWorkerJob<ImageJobProgress, unknown>('photos', {
    cancel: (jobId) => worker().api.cancel(jobId),
    restart: props.restartWorker,
    terminatedMessage:
      'The photo worker did not stop in time and was restarted; cached embeddings are kept.',
  });
  const { fail } = job;

  const refreshModel = useCallback(async () => {
    const db = await appDb();
    const models = dataset ? await db.getAllFromIndex('imageModels', 'byDataset', dataset.id) : [];
    setModel(models.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null);
  }, [dataset]);

  useEffect(() => {
    const load = async () => {
      await refreshModel();
    };
    load().catch(fail);
  }, [refreshModel, fail]);

  const refreshImported = useCallback(async (added: BackboneSummary | null) => {
    const list = await listBackbones(await appDb());
    setImported(list);
    setBackbone((current) =>
      added
        ? added.id
        : current.startsWith('imported-') && !list.some((b) => b.id === current)
          ? 'mobilenet_v1_0.75_224'
          : current,
    );
  }, []);

  useEffect(() => {
    const load = async () => {
      await refreshImported(null);
    };
    load().catch(fail);
  }, [refreshImported, fail]);

  const [loadError, setLoadError] = useState<Error | null>(null);
  useEffect(() => {
    if (!model || !backend || loadedId === model.id) return;
    let current = true;
    worker()
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
    const result = await job.start(async (jobId, onProgress) => {
      await worker().api.useBackend(backend);
      const embedded = await worker().api.embedPhotos(
        jobId,
        { datasetId: dataset.id, backbone, modelsUrl: modelsUrl(), augmentViews },
        onProgress,
      );
      setEmbedProblems(embedded.problems);
      return worker().api.trainHead(
        jobId,
        {
          datasetId: dataset.id,
          backbone,
          kind,
          textModelId: props.textModelId,
          hidden,
          augmentViews,
          seed: 42,
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
          filesFromDrop(event.dataTransfer).then(setFiles, job.fail);
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
            <button
              type="button"
              disabled={running}
              onClick={() => attach(dataset, files).catch(job.fail)}
            >
              Attach to “{dataset.name}”
            </button>
          )}{' '}
          <button
            type="button"
            disabled={running}
            onClick={() => newDatasetFromFolders().catch(job.fail)}
          >
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
          onChanged={(added) => refreshImported(added).catch(job.fail)}
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
            value={hidden}
            onChange={(e) => setHidden(Number(e.target.value))}
          />
        </label>
      </details>
      <button
        type="button"
        className="primary"
        disabled={!dataset || !backend || running}
        onClick={() => embedAndTrain().catch(job.fail)}
      >
        Embed photos and train
      </button>
      {shown && (
        <ProgressBar
          label={shown.label}
          fraction={shown.fraction}
          etaMs={shown.etaMs ?? null}
          onCancel={() => job.cancel().catch(job.fail)}
          cancelling={job.job.status === 'running' && job.job.cancelling}
        />
      )}
      {loadError && <ErrorNote code={loadError.name} message={loadError.message} />}
      {job.job.status === 'failed' && <ErrorNote code={job.job.code} message={job.job.message} />}
      {job.job.status === 'cancelled' && <p role="status">{job.job.message || 'Cancelled.'}</p>}
      {problems.length > 0 && <ProblemList problems={problems} />}
      {model && (
        <p data-testid="photo-model">
          {model.kind === 'image' ? 'Photo' : 'Photo + text'} model (
          {imported.find((b) => b.id === model.backbone)?.name ?? model.backbone}): accuracy{' '}
          <strong data-testid="photo-accuracy">
            {(model.evaluation.metrics.accuracy * 100).toFixed(1)}%
          </strong>
          , macro-F1 {(model.evaluation.metrics.macroF1 * 100).toFixed(1)}% on{' '}
          {model.evaluation.testRows} held-out products; trained in{' '}
          {(model.trainMs / 1000).toFixed(1)} s.
        </p>
      )}
      <PhotoClassify
        worker={worker}
        modelReady={loadedId !== null && loadedId === model?.id}
        usesText={model?.kind !== 'image' && model !== null}
      />
    </section>
  );
}
