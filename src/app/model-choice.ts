import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { ModelRecord } from '@shared/db/records/model.ts';

/**
 * The model in use: the one chosen, when it belongs to the catalogue or stands alone (imported
 * without its dataset); otherwise the catalogue's newest model that finished training. A run
 * the owner cancelled is used only once they chose it.
 */
export function resolveModel(
  models: readonly ModelRecord[],
  datasets: readonly DatasetRecord[],
  datasetId: string | null,
  chosenId: string | null,
): ModelRecord | null {
  const chosen = models.find((m) => m.id === chosenId);
  if (
    chosen &&
    (chosen.datasetId === datasetId || !datasets.some((d) => d.id === chosen.datasetId))
  )
    return chosen;
  return models.find((m) => m.datasetId === datasetId && !m.partial) ?? null;
}
