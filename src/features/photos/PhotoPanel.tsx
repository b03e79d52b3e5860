import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { importWithDetectedColumns, modelsUrl } from '../../bridge/workers.ts';
import type {
  BackboneId,
  FusionKind,
  ImageBackboneId,
  ImageModelRecord,
} from '@shared/db/records/image.ts';
import type { DatasetRecord, ImportProblem } from '@shared/db/records/catalogue.ts';
import { listBackbones, type BackboneSummary } from '@shared/db/backbone-store.ts';
import { catalogueFromPhotoPaths } from '@shared/photo-catalogue.ts';
import type { ImageApi, ImageJobProgress, IncomingPhoto } from '@shared/contracts/image.ts';
import { DEFAULT_PHOTO_RECIPE, FINE_TUNABLE_BACKBONES, recipeViews } from '@shared/photo-recipe.ts';
import { useBackendChoice } from '../../app/backend-context.tsx';
import { useWorker } from '../../app/workers-context.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { Expert } from '../../common/components/Expert.tsx';
import { ProblemList } from '../../common/components/ProblemList.tsx';
import { ProgressBar } from '../../common/components/ProgressBar.tsx';
import { appDb } from '../../common/db.ts';
import { count, formatBytes, formatSeconds, percent } from '../../common/format.ts';
import { useWorkerJob } from '../../common/use-worker-job.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { filesFromDrop, filesFromInput } from './dropped-files.ts';
import { PhotoClassify } from './PhotoClassify.tsx';
import { BackboneImport } from './BackboneImport.tsx';
import { PhotoModelTransfer } from './PhotoModelTransfer.tsx';

const BACKBONE_CHOICES = [
  'mobilenet_v2_0.35_224',
  // About 23 ms a photo on wasm here against 39 ms at 224 px.
  'mobilenet_v2_0.35_160',
  'mobilenet_v1_0.75_224',
] as const satisfies readonly ImageBackboneId[];

function progressLabel(progress: ImageJobProgress | null, t: TFunction) {
  if (!progress) return { label: t('photos.progress.starting'), fraction: null, etaMs: null };
  switch (progress.kind) {
    case 'stage':
      return {
        label: t(`photos.stage.${progress.stage}`, { epoch: count(progress.epoch ?? 0) }),
        fraction: null,
        etaMs: null,
      };
    case 'attach':
      return {
        label: t('photos.progress.attach', {
          done: count(progress.done),
          total: count(progress.total),
        }),
        fraction: progress.done / progress.total,
        etaMs: null,
      };
    case 'embed':
      return {
        label: t('photos.progress.embed', {
          done: count(progress.done),
          total: count(progress.total),
          cached: count(progress.cached),
          failed: count(progress.failed),
        }),
        fraction: progress.total ? progress.done / progress.total : 1,
        etaMs: progress.etaMs,
      };
    case 'train':
      return {
        // A linear probe reports full-batch steps, with no validation figure until the end.
        label: Number.isNaN(progress.validationAccuracy)
          ? t('photos.progress.trainStep', {
              step: count(progress.epoch),
              steps: count(progress.epochs),
            })
          : t('photos.progress.train', {
              epoch: count(progress.epoch),
              accuracy: percent(progress.validationAccuracy),
            }),
        fraction: progress.epoch / progress.epochs,
        etaMs: null,
      };
    case 'fine-tune':
      return {
        label: t('photos.progress.fineTune', {
          epoch: count(progress.epoch),
          epochs: count(progress.epochs),
          accuracy: percent(progress.validationAccuracy),
        }),
        fraction: progress.batches / progress.totalBatches,
        etaMs: progress.etaMs,
      };
  }
}

/** Photos for a dataset: attach them, embed them once, train an image or fused head, classify. */
export function PhotoPanel({ dataset }: { dataset: DatasetRecord | null }) {
  const { t } = useTranslation();
  const worker = useWorker('image');
  const importer = useWorker('import');
  const { backend } = useBackendChoice();
  const { modelOfDataset, refresh, selectDataset } = useWorkspace();
  const textModelId = modelOfDataset?.id ?? null;
  const [files, setFiles] = useState<IncomingPhoto[]>([]);
  // Attaching reports missing photos, embedding reports unreadable ones: both stay listed.
  const [attachProblems, setAttachProblems] = useState<ImportProblem[]>([]);
  const [embedProblems, setEmbedProblems] = useState<ImportProblem[]>([]);
  const problems = [...attachProblems, ...embedProblems];
  const [attached, setAttached] = useState<{ photos: number; rows: number } | null>(null);
  const [photoCount, setPhotoCount] = useState<number | null>(null);
  const [backbone, setBackbone] = useState<BackboneId>(DEFAULT_PHOTO_RECIPE.backbone);
  const [flips, setFlips] = useState(DEFAULT_PHOTO_RECIPE.views.includes('mirror'));
  const [wholePhoto, setWholePhoto] = useState(DEFAULT_PHOTO_RECIPE.views.includes('whole'));
  const [fineTune, setFineTune] = useState(DEFAULT_PHOTO_RECIPE.fineTune);
  const [cacheSize, setCacheSize] = useState<{ views: number; bytes: number } | null>(null);
  const [imported, setImported] = useState<BackboneSummary[]>([]);
  const [augmentViews, setAugmentViews] = useState(0);
  const [hidden, setHidden] = useState(0);
  const [kind, setKind] = useState<FusionKind>('image');
  const canFineTune =
    FINE_TUNABLE_BACKBONES.includes(backbone as ImageBackboneId) && kind !== 'concat';
  const tune = fineTune && canFineTune;
  const [model, setModel] = useState<ImageModelRecord | null>(null);
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const job = useWorkerJob<ImageJobProgress, unknown>('photos', {
    cancel: (jobId) => worker.get().api.cancel(jobId),
    restart: worker.restart,
    terminatedMessage: t('photos.terminated'),
  });
  const { fail } = job;

  const refreshModel = useCallback(async () => {
    const db = await appDb();
    if (!dataset) {
      setModel(null);
      setPhotoCount(null);
      return;
    }
    const models = await db.getAllFromIndex('imageModels', 'byDataset', dataset.id);
    setModel(models.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null);
    setPhotoCount(await db.countFromIndex('photos', 'byDataset', dataset.id));
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
          ? DEFAULT_PHOTO_RECIPE.backbone
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
    const image = worker.get().api;
    image
      .useBackend(backend)
      .then(() => image.loadModel(model.id, modelsUrl()))
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
      worker.get().api.attachPhotos(jobId, { datasetId: target.id, photos }, onProgress),
    );
    if (!result) return;
    const outcome = result as Awaited<ReturnType<ImageApi['attachPhotos']>>;
    setAttachProblems(outcome.problems);
    setEmbedProblems([]);
    setAttached({ photos: outcome.attached, rows: outcome.rowsWithImage });
    setFiles([]);
    await refreshModel();
  }

  async function newDatasetFromFolders() {
    const csv = catalogueFromPhotoPaths(
      files.map((file) => file.path).filter((p) => !/\.zip$/i.test(p)),
    );
    try {
      const created = await importWithDetectedColumns(
        importer.get(),
        new File([csv], 'photos.csv', { type: 'text/csv' }),
        t('photos.newDatasetName', { count: files.length }),
      );
      await refresh();
      selectDataset(created.id);
      await attach(created, files);
    } catch (error) {
      job.fail(error);
    }
  }

  async function embedAndTrain() {
    if (!dataset || !backend) return;
    const views = recipeViews(flips, wholePhoto);
    const result = await job.start(async (jobId, onProgress) => {
      const image = worker.get().api;
      await image.useBackend(backend);
      const embedded = await image.embedPhotos(
        jobId,
        {
          datasetId: dataset.id,
          backbone,
          modelsUrl: modelsUrl(),
          augmentViews,
          views,
          activations: tune,
        },
        onProgress,
      );
      setEmbedProblems(embedded.problems);
      setCacheSize(tune ? await image.activationCacheSize(backbone) : null);
      return image.trainHead(
        jobId,
        {
          datasetId: dataset.id,
          backbone,
          kind,
          textModelId,
          // The fine-tuned top ends in a linear head: a hidden layer is not trained with it.
          hidden: tune ? 0 : hidden,
          augmentViews,
          seed: 42,
          views,
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
  const shown = job.job.status === 'running' ? progressLabel(job.job.progress, t) : null;
  const noPhotos = photoCount === 0;
  return (
    <>
      <section className="card" aria-labelledby="photos-add-heading">
        <h2 id="photos-add-heading">{t('photos.add.heading')}</h2>
        <p className="muted">{t('photos.add.help')}</p>
        <div className="dropzones">
          <DropZone
            label={t('photos.add.folder')}
            hint={t('photos.add.drop')}
            directory
            multiple
            testId="photo-folder"
            disabled={running}
            onFiles={(picked) => setFiles(filesFromInput(picked))}
            onDrop={(data) => {
              filesFromDrop(data).then(setFiles, job.fail);
            }}
          />
          <DropZone
            label={t('photos.add.files')}
            hint={t('photos.add.filesHint')}
            accept="image/*,.zip,.heic,.heif"
            multiple
            testId="photo-files"
            disabled={running}
            onFiles={(picked) => setFiles(filesFromInput(picked))}
            onDrop={(data) => {
              filesFromDrop(data).then(setFiles, job.fail);
            }}
          />
        </div>
        {files.length > 0 && (
          <div className="actions">
            <span>{t('photos.add.chosen', { count: files.length, n: count(files.length) })}</span>
            {dataset && (
              <button
                type="button"
                className="primary"
                disabled={running}
                onClick={() => attach(dataset, files).catch(job.fail)}
              >
                {rich(t('photos.add.attach', { name: slot('name') }), {
                  name: <Data>{dataset.name}</Data>,
                })}
              </button>
            )}
            <button
              type="button"
              disabled={running}
              onClick={() => newDatasetFromFolders().catch(job.fail)}
            >
              {t('photos.add.newDataset')}
            </button>
          </div>
        )}
        {attached && (
          <Banner kind="success" testId="photos-attached">
            <p>
              {t('photos.attached', {
                photos: attached.photos,
                rows: attached.rows,
              })}
            </p>
          </Banner>
        )}
        {dataset && photoCount !== null && (
          <p className="muted" data-testid="photo-count">
            {t('photos.count', { count: photoCount, n: count(photoCount) })}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="photos-train-heading">
        <h2 id="photos-train-heading">{t('photos.train.heading')}</h2>
        <Expert summary={t('photos.settings.summary')} testId="photo-settings">
          <div className="options">
            <label>
              {t('photos.settings.backbone')}
              <select value={backbone} onChange={(e) => setBackbone(e.target.value as BackboneId)}>
                {BACKBONE_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`photos.backbones.${choice}`)}
                  </option>
                ))}
                {imported.length > 0 && (
                  <optgroup label={t('photos.settings.imported')}>
                    {imported.map((choice) => (
                      <option key={choice.id} value={choice.id} translate="no">
                        {t('photos.settings.importedOption', {
                          name: choice.name,
                          features: choice.outputDim,
                        })}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
            <label>
              {t('photos.settings.inputs')}
              <select value={kind} onChange={(e) => setKind(e.target.value as FusionKind)}>
                <option value="image">{t('photos.settings.photoOnly')}</option>
                <option value="late" disabled={!textModelId}>
                  {t('photos.settings.late')}
                </option>
                <option value="concat">{t('photos.settings.concat')}</option>
              </select>
            </label>
            <label>
              <input type="checkbox" checked={flips} onChange={(e) => setFlips(e.target.checked)} />{' '}
              {t('photos.settings.flips')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={wholePhoto}
                onChange={(e) => setWholePhoto(e.target.checked)}
              />{' '}
              {t('photos.settings.wholePhoto')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={tune}
                disabled={!canFineTune}
                onChange={(e) => setFineTune(e.target.checked)}
              />{' '}
              {t('photos.settings.fineTune')}
              {!canFineTune && ` ${t('photos.settings.fineTuneOnly')}`}
            </label>
            <label>
              {t('photos.settings.augment')}
              <input
                type="number"
                min={0}
                max={8}
                value={augmentViews}
                onChange={(e) => setAugmentViews(Number(e.target.value))}
              />
            </label>
            <label>
              {t('photos.settings.hidden')}
              <input
                type="number"
                min={0}
                max={2048}
                disabled={tune}
                value={hidden}
                onChange={(e) => setHidden(Number(e.target.value))}
              />
            </label>
          </div>
          <BackboneImport
            imported={imported}
            disabled={running}
            onChanged={(added) => refreshImported(added).catch(job.fail)}
          />
        </Expert>
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={!dataset || !backend || running || noPhotos || photoCount === null}
            onClick={() => embedAndTrain().catch(job.fail)}
          >
            {t('photos.train.button')}
          </button>
          {noPhotos && (
            <span className="muted" data-testid="no-photos">
              {t('photos.train.noPhotos')}
            </span>
          )}
        </div>
        {shown && (
          <ProgressBar
            label={shown.label}
            fraction={shown.fraction}
            etaMs={shown.etaMs}
            onCancel={() => job.cancel().catch(job.fail)}
            cancelling={job.job.status === 'running' && job.job.cancelling}
          />
        )}
        {loadError && <ErrorNote code={loadError.name} message={loadError.message} />}
        {job.job.status === 'failed' && <ErrorNote code={job.job.code} message={job.job.message} />}
        {job.job.status === 'cancelled' && (
          <Banner kind="info" title={t('photos.cancelled')}>
            {job.job.message && <p>{job.job.message}</p>}
          </Banner>
        )}
        {problems.length > 0 && <ProblemList problems={problems} />}
        {cacheSize && (
          <p className="muted" data-testid="activation-cache">
            {t('photos.activationCache', {
              count: cacheSize.views,
              n: count(cacheSize.views),
              size: formatBytes(cacheSize.bytes),
            })}
          </p>
        )}
        {model && (
          <p data-testid="photo-model">
            {rich(
              t(model.kind === 'image' ? 'photos.model.photo' : 'photos.model.fused', {
                backbone: slot('backbone'),
                accuracy: slot('accuracy'),
                macroF1: percent(model.evaluation.metrics.macroF1),
                products: count(model.evaluation.testRows),
                time: formatSeconds(model.trainMs),
              }),
              {
                backbone: (
                  <Data>
                    {imported.find((b) => b.id === model.backbone)?.name ?? model.backbone}
                  </Data>
                ),
                accuracy: (
                  <strong data-testid="photo-accuracy">
                    {percent(model.evaluation.metrics.accuracy)}
                  </strong>
                ),
              },
            )}
            {model.views?.includes('mirror') && ` ${t('photos.model.flips')}`}
            {model.views?.includes('whole') && ` ${t('photos.model.wholePhoto')}`}
            {model.top && (
              <span data-testid="photo-fine-tuned">
                {' '}
                {t('photos.model.fineTuned', {
                  epochs: count(model.top.epochs),
                  frozen: percent(model.top.frozenValidationAccuracy),
                  tuned: percent(model.top.history.at(-1)?.validationAccuracy ?? Number.NaN),
                })}
              </span>
            )}
          </p>
        )}
      </section>
      <PhotoModelTransfer
        model={model}
        disabled={running}
        onImported={(imported) => {
          setLoadedId(null);
          setModel(imported);
        }}
      />
      <PhotoClassify
        modelReady={loadedId !== null && loadedId === model?.id}
        usesText={model?.kind !== 'image' && model !== null}
      />
    </>
  );
}
