import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { activationKeysOf } from '@shared/db/activation-store.ts';
import { photoHashes } from '@shared/db/photo-store.ts';
import { resolveActivationKeys } from '@shared/photo-views.ts';
import {
  type FineTunedTop,
  type PhotoCheckpointRecord,
  type PhotoView,
} from '@shared/db/records/image.ts';
import { type StoredRow } from '@shared/db/records/catalogue.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import type { SplitIndices } from '@shared/split.ts';
import type { ImageJobProgress } from '@shared/contracts/image.ts';
import { activationRows, cachedMapShape, type ActivationRow } from './activation-rows.ts';
import type { CutNetwork } from './backbones.ts';
import {
  DEFAULT_FINE_TUNE_OPTIONS,
  fineTuneTop,
  topEmbeddings,
  type FineTuneOptions,
  type FineTuneState,
} from './fine-tune.ts';
import { averageViews } from './preprocess.ts';
import { foldStandardiser } from './linear-probe.ts';
import { disposeTop, restoreTop, savedTop } from './top-blocks.ts';

export interface FineTuneJob {
  datasetId: string;
  backbone: string;
  cut: CutNetwork;
  rows: readonly StoredRow[];
  /** Class id of every row. */
  classes: readonly number[];
  classCount: number;
  split: SplitIndices;
  views: PhotoView[];
  options: Partial<FineTuneOptions> & Pick<FineTuneOptions, 'seed'>;
}

export interface FineTunedPhotoModel {
  /** The softmax layer over L2-normalised embeddings of the fine-tuned top (standardisation folded in). */
  head: SavedTensor[];
  top: FineTunedTop;
  /** Per dataset row: its classification embedding under the tuned top (validation and test rows). */
  features: (Float32Array | null)[];
  trainRows: number;
  validationRows: number;
}

/**
 * What a run trains, as a key: the same request on the same photos resumes from its checkpoint.
 */
export const photoRunKey = (job: FineTuneJob): string =>
  [
    job.datasetId,
    job.backbone,
    job.cut.cut.layer,
    job.views.join('+'),
    job.options.epochs,
    job.options.seed,
    job.split.train.length,
    job.split.validation.length,
  ].join('|');

/**
 * Fine-tunes the backbone's top and a softmax layer on the cached activations of a dataset's
 * training rows (every view), scoring the validation rows (views averaged) after each epoch
 * and checkpointing there; resumes from a checkpoint of the same run. Rows whose activations
 * are not all cached are left out. Returns the embeddings of the validation and test rows
 * under the tuned top, for fusion and the held-out figures.
 * @throws EmptyDataset when no training row has cached activations (embed first)
 */
export async function fineTunePhotoModel(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  job: FineTuneJob,
  onProgress: (progress: ImageJobProgress) => void,
): Promise<FineTunedPhotoModel> {
  const { cut } = job;
  const hashes = await photoHashes(db, job.datasetId);
  const cached = new Set(await activationKeysOf(db, `${job.backbone}@${cut.cut.layer}/`));
  const keysOf = (position: number): string[] | null => {
    const image = job.rows[position]?.image;
    const hash = image ? hashes.get(image) : undefined;
    return hash
      ? resolveActivationKeys(cached, job.backbone, cut.cut.layer, hash, job.views)
      : null;
  };
  const rowsOf = (positions: readonly number[]) => {
    const kept: number[] = [];
    const rows: ActivationRow[] = [];
    for (const position of positions) {
      const keys = keysOf(position);
      if (!keys) continue;
      kept.push(position);
      for (const key of keys) rows.push({ key, label: job.classes[position] ?? 0 });
    }
    return { kept, rows };
  };
  const views = job.views.length;
  const train = rowsOf(job.split.train);
  if (!train.rows.length)
    throw appError(
      'EmptyDataset',
      'No training photo has cached activations: embed the photos for fine-tuning first',
    );
  const shape = await cachedMapShape(db, (train.rows[0] as ActivationRow).key, cut.cut.channels);
  const validation = rowsOf(job.split.validation);
  const trainSet = await activationRows(db, train.rows, shape, views);
  const validationSet = validation.rows.length
    ? await activationRows(db, validation.rows, shape, views)
    : null;
  const options: FineTuneOptions = { ...DEFAULT_FINE_TUNE_OPTIONS, ...job.options };

  const key = photoRunKey(job);
  const stored = await db.get('photoCheckpoints', key);
  const resume: FineTuneState | null = stored
    ? {
        epoch: stored.epoch,
        top: restoreTop(stored.top, cut.cut.blocks),
        head: stored.head,
        standardiser: stored.standardiser,
        history: stored.history,
        frozenValidationAccuracy: stored.frozenValidationAccuracy,
      }
    : null;
  onProgress(
    resume
      ? { kind: 'stage', stage: 'resumingFineTune', epoch: resume.epoch }
      : { kind: 'stage', stage: 'fittingFrozenHead' },
  );
  let result;
  try {
    result = await fineTuneTop(
      signal,
      trainSet,
      validationSet,
      cut.top,
      job.classCount,
      options,
      (progress) => onProgress({ kind: 'fine-tune', ...progress }),
      async (state) => {
        const checkpoint: PhotoCheckpointRecord = {
          key,
          datasetId: job.datasetId,
          updatedAt: Date.now(),
          epoch: state.epoch,
          epochs: options.epochs,
          top: savedTop(state.top, cut.cut.blocks),
          head: state.head,
          standardiser: state.standardiser,
          history: state.history,
          frozenValidationAccuracy: state.frozenValidationAccuracy,
        };
        await db.put('photoCheckpoints', checkpoint);
      },
      resume,
    );
  } finally {
    if (resume) disposeTop(resume.top);
  }
  try {
    onProgress({ kind: 'stage', stage: 'scoringTuned' });
    const features: (Float32Array | null)[] = job.rows.map(() => null);
    const scored = rowsOf([...job.split.validation, ...job.split.test]);
    if (scored.rows.length) {
      const set = await activationRows(db, scored.rows, shape, views);
      const embeddings = await topEmbeddings(set, result.top);
      const width = embeddings.length / scored.rows.length;
      const averaged = averageViews(embeddings, width, views);
      scored.kept.forEach((position, i) => {
        features[position] = averaged.slice(i * width, (i + 1) * width);
      });
    }
    const head = foldStandardiser(result.head, result.standardiser, job.classCount);
    const top: FineTunedTop = {
      layer: cut.cut.layer,
      blocks: cut.cut.blocks,
      weights: savedTop(result.top, cut.cut.blocks),
      epochs: options.epochs,
      frozenValidationAccuracy: result.frozenValidationAccuracy,
      history: result.history,
    };
    await db.delete('photoCheckpoints', key);
    return {
      head,
      top,
      features,
      trainRows: train.rows.length,
      validationRows: validation.kept.length,
    };
  } finally {
    disposeTop(result.top);
  }
}
