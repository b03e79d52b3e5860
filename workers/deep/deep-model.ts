import type {
  NetworkShape,
  StoredDeepModel,
  SubwordConfig,
} from '@shared/db/records/deep-model.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';
import { appError } from '@shared/errors.ts';
import { layerSpecs, type DenseParams } from './deep-network.ts';
import { TypeEncoder, type SubwordVocab } from './subword-vocab.ts';
import { deepLogits, type DenseWeights } from './train-deep.ts';

/**
 * A deep model ready to classify: its encoder, embedding and layers, all in worker memory (the
 * layers go to the backend per batch, inside the batch's scope), so nothing needs freeing.
 */
export interface LoadedDeepModel {
  shape: NetworkShape;
  encoder: TypeEncoder;
  units: Float32Array;
  params: DenseWeights;
}

/** The encoder forgets the position types of texts it has seen past this many (memory stays flat). */
const ENCODER_TYPE_LIMIT = 200_000;

/** Reads back asynchronously: a blocking read fails on WebGPU in a worker. */
export async function denseToSaved(params: DenseParams): Promise<SavedTensor[]> {
  return Promise.all(
    Object.entries(params).map(async ([name, variable]) => ({
      name,
      shape: [...variable.shape],
      data: (await variable.data<'float32'>()).slice(),
    })),
  );
}

export function vocabOfModel(
  stored: Pick<StoredDeepModel, 'subword' | 'unitHashes'>,
): SubwordVocab {
  return {
    config: stored.subword as SubwordConfig,
    unitHashes: stored.unitHashes,
    wordHashes: new Uint32Array(0),
    wordCounts: new Float32Array(0),
  };
}

export function loadDeepModel(stored: StoredDeepModel): LoadedDeepModel {
  const { shape } = stored;
  if (stored.units.length !== stored.unitHashes.length * shape.dim)
    throw appError('InvalidInput', 'The deep model\u2019s embedding does not match its vocabulary');
  return {
    shape,
    encoder: new TypeEncoder(vocabOfModel(stored), ENCODER_TYPE_LIMIT),
    units: stored.units,
    params: checkedDense(stored.dense, shape),
  };
}

/** The stored layers, checked against the network the shape describes. */
function checkedDense(saved: readonly SavedTensor[], shape: NetworkShape): readonly SavedTensor[] {
  for (const [name, spec] of Object.entries(layerSpecs(shape))) {
    const tensor = saved.find((entry) => entry.name === name);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (!tensor || tensor.data.length !== size)
      throw appError(
        'InvalidInput',
        `The deep model's layer "${name}" is missing or has the wrong size`,
      );
  }
  return saved;
}

/** Logits of the deep model for product texts, row-major [texts.length, classCount]. */
export async function deepTextLogits(
  model: LoadedDeepModel,
  texts: readonly string[],
): Promise<Float32Array> {
  model.encoder.forgetIfLarge();
  const encoded = texts.map((text) => model.encoder.encode(text));
  return deepLogits(model, model.encoder.types, encoded);
}
