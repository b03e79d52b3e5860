import type { ModelRecord } from '@shared/db/records/model.ts';
import { dateTime } from './format.ts';

/** The name the owner gave a model, else its catalogue and when it was trained. */
export function displayModelName(model: Pick<ModelRecord, 'name' | 'datasetName' | 'createdAt'>) {
  return model.name?.trim() || `${model.datasetName}, ${dateTime(model.createdAt)}`;
}
