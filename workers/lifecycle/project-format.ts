import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ProjectProgress, ProjectStage } from '@shared/contracts/lifecycle.ts';
import { ProgressClock } from '@shared/progress.ts';
export { NOT_IN_PROJECT } from '@shared/lifecycle/project-contents.ts';

/**
 * A project archive (.zip), in the order it is written and read back:
 *   project.json                         this manifest
 *   datasets/<id>/rows-<n>.json          one stored chunk of rows each
 *   datasets/<id>/corrections.json       the shop's corrections
 *   datasets/<id>/review-log.json        the audit trail
 *   datasets/<id>/category-mappings.json mappings to standard taxonomies
 *   models/<id>/...                      a model bundle per model, shelfwise.json last
 *   models/<id>/catalogue-predictions.*  the review queue's source, when there is one
 *   photo-models/<id>/...                a photo model bundle per photo model (its text model,
 *                                        if any, is among models/)
 */
export const PROJECT_FORMAT = 'shelfwise-project';
export const PROJECT_FORMAT_VERSION = 1;
export const PROJECT_MANIFEST = 'project.json';

export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  formatVersion: number;
  appVersion: string;
  exportedAt: number;
  datasets: DatasetRecord[];
  models: { id: string; name: string; datasetId: string }[];
  /** Absent in projects written before photo models were exported. */
  photoModels?: { id: string; datasetId: string }[];
  leftOut: string;
}

export const datasetFolder = (id: string): string => `datasets/${encodeURIComponent(id)}/`;
export const modelFolder = (id: string): string => `models/${encodeURIComponent(id)}/`;
export const photoModelFolder = (id: string): string => `photo-models/${encodeURIComponent(id)}/`;
export const CATALOGUE_PREDICTIONS = 'catalogue-predictions';

/** Reports a project's progress, throttled, with the time left at the pace so far. */
export function projectProgress(onProgress: (progress: ProjectProgress) => void) {
  const clock = new ProgressClock();
  return (
    stage: ProjectStage,
    name: string | undefined,
    done: number,
    total: number,
    force = false,
  ): void => {
    if (!clock.due(force)) return;
    onProgress({
      kind: 'project',
      stage,
      ...(name === undefined ? {} : { name }),
      done,
      total,
      etaMs: clock.remainingMs(done, total),
    });
  };
}
