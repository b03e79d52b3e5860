import type { ShelfwiseDb } from '@shared/db/open.ts';
import { readRowChunks } from '@shared/db/catalogue-store.ts';
import type { PresetEstimate } from '@shared/contracts/train.ts';
import { isLabelled } from '@shared/labels.ts';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { productText } from '../text/product-text.ts';
import { fitTextModel, resolveEpochs } from '../train/fit-text-model.ts';
import { DEFAULT_DEEP_RECIPE, type DeepRecipe } from './fit-deep.ts';
import { pretrainSubwords } from './pretrain.ts';
import { buildVocab, TypeEncoder } from './subword-vocab.ts';
import { resolveDeepEpochs, trainDeepClassifier } from './train-deep.ts';
import { createRandom } from '@shared/random.ts';
import { STREAM_ABOVE_ROWS } from '../train/training-plan.ts';

/** Rows timed: enough for a few real batches of every stage, little enough to take a second. */
const SAMPLE_ROWS = 256;
/** The app's share of rows that train (the rest is held out). */
const TRAIN_SHARE = 0.75;
/** "Best" is the default while its whole run is expected to take less than this. */
export const BEST_DEFAULT_LIMIT_MS = 5 * 60_000;

/**
 * Expected training time of each preset on the current backend, from timing the real steps on
 * a sample of the dataset's own products: one epoch of the linear model, of the word-vector
 * pretraining and of the deep model on up to 256 rows, each scaled to the whole run.
 */
export async function estimatePresets(
  db: ShelfwiseDb,
  signal: AbortSignal | undefined,
  datasetId: string,
  recipe: DeepRecipe = DEFAULT_DEEP_RECIPE,
): Promise<PresetEstimate> {
  const dataset = await db.get('datasets', datasetId);
  if (!dataset) throw appError('NotFound', `Dataset ${datasetId} no longer exists`);
  const texts: string[] = [];
  const categories: string[] = [];
  for await (const chunk of readRowChunks(db, datasetId)) {
    // Timed as training runs: on labelled products only.
    for (const row of chunk.rows) {
      if (!isLabelled(row.category)) continue;
      texts.push(productText(row));
      categories.push(row.category);
    }
    if (texts.length >= SAMPLE_ROWS) break;
  }
  const sample = texts.slice(0, SAMPLE_ROWS);
  if (sample.length === 0)
    throw appError('EmptyDataset', 'No labelled product to time training on.');
  const labels = [...new Set(categories.slice(0, SAMPLE_ROWS))];
  const classes = categories.slice(0, SAMPLE_ROWS).map((c) => labels.indexOf(c));
  const rows = dataset.rowCount;
  const trainRows = Math.round(rows * TRAIN_SHARE);
  const scale = trainRows / sample.length;

  const linearStart = performance.now();
  await fitTextModel(signal, {
    labels: labels.length > 1 ? labels : [...labels, '?'],
    train: { texts: sample, classes },
    validation: { texts: [], classes: [] },
    options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 1 },
  });
  throwIfAborted(signal);
  const linearEpochMs = (performance.now() - linearStart) * scale;
  const fastMs = linearEpochMs * resolveEpochs(DEFAULT_TRAIN_OPTIONS, trainRows);

  const vocab = buildVocab(sample, recipe.pretrain.subword, recipe.pretrain.vocab);
  const encoder = new TypeEncoder(vocab);
  const encoded = sample.map((text) => encoder.encode(text));
  const pretrainStart = performance.now();
  await pretrainSubwords(
    signal,
    {
      types: encoder.types,
      unitCount: encoder.unitCount,
      wordCounts: vocab.wordCounts,
      texts: encoded,
    },
    { ...recipe.pretrain.pretrain, epochs: 1 },
  );
  // Pretraining reads every product of the dataset, labelled or not.
  const pretrainMs =
    (performance.now() - pretrainStart) * (rows / sample.length) * recipe.pretrain.pretrain.epochs;

  const dim = recipe.pretrain.pretrain.dim;
  const random = createRandom(1);
  const deepStart = performance.now();
  const trained = await trainDeepClassifier(
    signal,
    {
      shape: { ...recipe.shape, dim, classCount: Math.max(2, labels.length) },
      types: encoder.types,
      units: Float32Array.from({ length: encoder.unitCount * dim }, () => random() * 0.1),
      texts: encoded,
      classes,
    },
    { ...recipe.train, epochs: 1 },
  );
  for (const variable of Object.values(trained.params)) variable.dispose();
  const deepEpochs = resolveDeepEpochs(recipe.train.epochs, trainRows, recipe.train.batchSize);
  const deepMs = (performance.now() - deepStart) * scale * deepEpochs;
  const bestMs = fastMs + pretrainMs + deepMs;
  const bestAvailable = rows <= STREAM_ABOVE_ROWS;
  return {
    rows,
    fastMs,
    bestMs,
    parts: { linearMs: fastMs, pretrainMs, deepMs },
    recommended: bestAvailable && bestMs <= BEST_DEFAULT_LIMIT_MS ? 'best' : 'fast',
    bestAvailable,
  };
}
