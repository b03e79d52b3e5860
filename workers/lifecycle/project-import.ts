import { strFromU8 } from 'fflate';
import { APP_VERSION } from '@shared/app-version.ts';
import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { saveModel } from '@shared/db/model-store.ts';
import type { CategoryMappingRecord } from '@shared/db/records/taxonomy.ts';
import type { CorrectionRecord, ReviewLogRecord } from '@shared/db/records/review.ts';
import type { DatasetRecord, RowChunkRecord } from '@shared/db/records/catalogue.ts';
import type { ProjectImport, ProjectProgress } from '@shared/contracts/lifecycle.ts';
import { requireColumn, unpackColumns } from './binary-columns.ts';
import { readModelBundle } from './model-bundle.ts';
import { readPhotoBundle } from './photo-bundle.ts';
import {
  CATALOGUE_PREDICTIONS,
  PROJECT_FORMAT,
  PROJECT_FORMAT_VERSION,
  PROJECT_MANIFEST,
  type ProjectManifest,
  projectProgress,
} from './project-format.ts';
import { readZipEntries, type ZipEntry } from './zip-reader.ts';

function parse<T>(entry: ZipEntry): T {
  try {
    return JSON.parse(strFromU8(entry.bytes)) as T;
  } catch {
    throw appError('InvalidInput', `${entry.path} in the project is not valid JSON`);
  }
}

function checkManifest(entry: ZipEntry): ProjectManifest {
  if (entry.path !== PROJECT_MANIFEST)
    throw appError(
      'InvalidInput',
      `The archive starts with ${entry.path}, not ${PROJECT_MANIFEST}: it is not a Shelfwise project (a model bundle is imported in the model list)`,
    );
  const manifest = parse<Partial<ProjectManifest>>(entry);
  if (manifest.format !== PROJECT_FORMAT)
    throw appError('InvalidInput', `${PROJECT_MANIFEST}: format is not "${PROJECT_FORMAT}"`);
  if (
    !Number.isInteger(manifest.formatVersion) ||
    (manifest.formatVersion as number) > PROJECT_FORMAT_VERSION
  )
    throw appError(
      'InvalidInput',
      `The project has format version ${String(manifest.formatVersion)} (Shelfwise ${String(manifest.appVersion)}); this Shelfwise (${APP_VERSION}) reads version ${PROJECT_FORMAT_VERSION}`,
    );
  if (!Array.isArray(manifest.datasets) || !Array.isArray(manifest.models))
    throw appError(
      'InvalidInput',
      `${PROJECT_MANIFEST}: the datasets and models lists are missing`,
    );
  return manifest as ProjectManifest;
}

type GroupKind = 'datasets' | 'models' | 'photo-models';

/** `datasets/<id>/`, `models/<id>/` or `photo-models/<id>/` and the file name after it. */
function groupOf(path: string): { kind: GroupKind; id: string; file: string } | null {
  const match = /^(datasets|models|photo-models)\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return null;
  return {
    kind: match[1] as GroupKind,
    id: decodeURIComponent(match[2] as string),
    file: match[3] as string,
  };
}

/**
 * Imports a project archive into this browser, entry by entry as the file streams in.
 * Datasets and models whose id is already here are skipped (and named in the result); a
 * dataset stays marked as an incomplete import until its last entry is stored.
 * @throws InvalidInput for a file that is not a project archive, a newer format or a
 *   damaged entry (named)
 */
export async function importProject(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  file: Blob,
  onProgress: (progress: ProjectProgress) => void,
): Promise<ProjectImport> {
  const report = projectProgress(onProgress);
  let manifest: ProjectManifest | null = null;
  const incoming = new Map<string, DatasetRecord>();
  const skipped: string[] = [];
  let datasets = 0;
  let models = 0;
  let model: { id: string; prefix: string; files: Map<string, Uint8Array> } | null = null;
  let photoModel: { id: string; prefix: string; files: Map<string, Uint8Array> } | null = null;

  async function finishPhotoModel(): Promise<void> {
    if (!photoModel) return;
    const { id, prefix, files } = photoModel;
    photoModel = null;
    if (await db.getKey('imageModels', id)) {
      skipped.push(`photo model ${id}`);
      return;
    }
    const { record } = await readPhotoBundle(files, prefix);
    if (record.id !== id)
      throw appError(
        'InvalidInput',
        `${prefix}shelfwise-photo.json is for photo model ${record.id}`,
      );
    await db.put('imageModels', record);
    models++;
  }

  async function finishModel(): Promise<void> {
    if (!model) return;
    const { id, prefix, files } = model;
    model = null;
    if (await db.getKey('models', id)) {
      skipped.push(`model ${manifest?.models.find((m) => m.id === id)?.name ?? id}`);
      return;
    }
    const contents = await readModelBundle(files, prefix);
    if (contents.record.id !== id)
      throw appError('InvalidInput', `${prefix}shelfwise.json is for model ${contents.record.id}`);
    await saveModel(db, contents);
    const header = files.get(`${CATALOGUE_PREDICTIONS}.json`);
    const body = files.get(`${CATALOGUE_PREDICTIONS}.bin`);
    if (header && body) {
      const where = `${prefix}${CATALOGUE_PREDICTIONS}.bin`;
      const { columns: specs, ...rest } = parse<{
        columns: unknown;
        datasetId: string;
        createdAt: number;
        crossCheckFolds?: number;
      }>({
        path: `${prefix}${CATALOGUE_PREDICTIONS}.json`,
        bytes: header,
      });
      const columns = unpackColumns(specs, body, where);
      await db.put('cataloguePredictions', {
        ...rest,
        modelId: id,
        topClasses: requireColumn(columns, 'topClasses', Int32Array, where),
        topProbabilities: requireColumn(columns, 'topProbabilities', Float32Array, where),
        heldOutPositions: requireColumn(columns, 'heldOutPositions', Int32Array, where),
      });
    }
    models++;
  }

  async function finishDataset(id: string): Promise<void> {
    const dataset = incoming.get(id);
    if (!dataset) return;
    incoming.delete(id);
    await db.put('datasets', dataset);
    datasets++;
  }

  let group: string | null = null;
  async function enterGroup(next: string | null): Promise<void> {
    if (next === group) return;
    if (group?.startsWith('models/')) await finishModel();
    if (group?.startsWith('photo-models/')) await finishPhotoModel();
    if (group?.startsWith('datasets/')) await finishDataset(group.slice('datasets/'.length));
    group = next;
  }

  async function onEntry(entry: ZipEntry): Promise<void> {
    if (!manifest) {
      manifest = checkManifest(entry);
      for (const dataset of manifest.datasets) {
        if (await db.getKey('datasets', dataset.id)) skipped.push(`dataset ${dataset.name}`);
        else {
          incoming.set(dataset.id, dataset);
          // Visible as an incomplete import until its last entry is in.
          await db.put('datasets', { ...dataset, status: 'importing' });
        }
      }
      return;
    }
    const place = groupOf(entry.path);
    await enterGroup(place ? `${place.kind}/${place.id}` : null);
    if (!place) return;
    if (place.kind === 'photo-models') {
      photoModel ??= {
        id: place.id,
        prefix: `photo-models/${encodeURIComponent(place.id)}/`,
        files: new Map(),
      };
      photoModel.files.set(place.file, entry.bytes);
      return;
    }
    if (place.kind === 'models') {
      model ??= {
        id: place.id,
        prefix: `models/${encodeURIComponent(place.id)}/`,
        files: new Map(),
      };
      model.files.set(place.file, entry.bytes);
      return;
    }
    if (!incoming.has(place.id)) return;
    const belongs = <T extends { datasetId: string }>(records: T[]): T[] => {
      if (!Array.isArray(records) || records.some((r) => r?.datasetId !== place.id))
        throw appError('InvalidInput', `${entry.path} holds records of another dataset`);
      return records;
    };
    if (/^rows-\d+\.json$/.test(place.file)) {
      const [chunk] = belongs([parse<RowChunkRecord>(entry)]);
      if (!chunk || !Array.isArray(chunk.rows) || !Number.isInteger(chunk.chunk))
        throw appError('InvalidInput', `${entry.path} is not a chunk of rows`);
      await db.put('rowChunks', chunk);
    } else if (place.file === 'corrections.json') {
      const records = belongs(parse<CorrectionRecord[]>(entry));
      const tx = db.transaction('corrections', 'readwrite');
      await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    } else if (place.file === 'review-log.json') {
      const records = belongs(parse<ReviewLogRecord[]>(entry));
      const tx = db.transaction('reviewLog', 'readwrite');
      await Promise.all([...records.map(({ seq: _renumbered, ...r }) => tx.store.add(r)), tx.done]);
    } else if (place.file === 'category-mappings.json') {
      const records = belongs(parse<CategoryMappingRecord[]>(entry));
      const tx = db.transaction('categoryMappings', 'readwrite');
      await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    }
  }

  await readZipEntries(file, 'The project file', signal, onEntry, (read) =>
    report('reading', undefined, read, file.size),
  );
  await enterGroup(null);
  if (!manifest) throw appError('InvalidInput', `The archive has no ${PROJECT_MANIFEST}`);
  if (incoming.size > 0)
    throw appError(
      'InvalidInput',
      `The project has no rows for ${[...incoming.values()].map((d) => `“${d.name}”`).join(', ')}: they stay marked as incomplete imports`,
    );
  report('done', undefined, file.size, file.size, true);
  return { datasets, models, skipped };
}
