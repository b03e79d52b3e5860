import { newId } from '@shared/ids.ts';
import { appError, isQuotaError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { ImportedBackboneRecord, InputScaling } from '@shared/db/records/image.ts';
import { summarise, type BackboneSummary } from '@shared/db/backbone-store.ts';
import { inspectImageNetwork, loadNetwork } from './imported-backbone.ts';
import { readModelFiles, type ModelFile } from './model-files.ts';

export interface ImportBackboneInput {
  name: string;
  kind: 'image' | 'text';
  inputScaling: InputScaling;
  files: readonly ModelFile[];
}

/** The folder the model came in, else its file name: what people call a model they picked. */
function defaultName(fileName: string): string {
  const parts = fileName.split('/');
  return parts.length > 1 ? (parts[parts.length - 2] as string) : fileName.replace(/\.json$/i, '');
}

function newBackboneId(): ImportedBackboneRecord['id'] {
  return `imported-${newId('backbone')}`;
}

/**
 * Validates a TF.js model picked from local files as an image feature extractor and stores it.
 * Nothing is stored unless every check passes.
 * @throws MissingFile, InvalidModel (naming the file or field at fault), NotSupported for
 *   text models, QuotaExceeded when the browser's storage is full.
 */
export async function importBackbone(
  db: ShelfwiseDb,
  input: ImportBackboneInput,
): Promise<BackboneSummary> {
  const { fileName, artifacts } = readModelFiles(input.files);
  if (input.kind === 'text')
    throw appError(
      'NotSupported',
      'Text backbones are not supported yet: TF.js model files do not carry the tokenizer their token ids come from. Import an image network',
    );
  const network = await loadNetwork(artifacts);
  let shape;
  try {
    shape = await inspectImageNetwork(network, input.inputScaling);
  } finally {
    network.dispose();
  }
  const record: ImportedBackboneRecord = {
    id: newBackboneId(),
    name: input.name.trim() || defaultName(fileName),
    kind: 'image',
    artifacts,
    inputShape: shape.inputShape,
    outputDim: shape.outputDim,
    pooled: shape.pooled,
    inputScaling: input.inputScaling,
    createdAt: Date.now(),
    size: artifacts.weightData.byteLength,
    fileName,
  };
  try {
    await db.put('backbones', record);
  } catch (error) {
    if (isQuotaError(error))
      throw appError('QuotaExceeded', `${record.name} (${record.size} bytes) did not fit`);
    throw error;
  }
  return summarise(record);
}
