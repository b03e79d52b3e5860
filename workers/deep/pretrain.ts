import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { createRandom } from '@shared/random.ts';
import { ProgressClock } from '@shared/progress.ts';
import { gatherRows, sumIntoRows } from './gather-rows.ts';
import { matMul } from './matmul.ts';
import type { PositionType } from './subword-vocab.ts';
import { LocalRows, SparseAdam } from './sparse-rows.ts';
import { yieldToMessages } from '../yield-to-messages.ts';

/**
 * Self-supervised subword vectors (Bojanowski et al., 2017) learnt from a dataset's own texts,
 * labelled or not. The vector of a position is the mean of its units' vectors (the word and its
 * character n-grams, or a CJK character and its bigrams). 'skipgram' trains each position's
 * vector to predict the words around it; 'cbow' trains the mean of the context to predict the
 * word in the middle (one example per position instead of one per pair: about five times less
 * work). Negatives are drawn once per batch and shared by all its examples, so their scores are
 * one matMul. TF.js computes the loss and the gradient of the rows a batch touches; the SGD
 * update is applied to those rows in place, so a step costs what the batch uses.
 */
export type PretrainObjective = 'skipgram' | 'cbow';

export interface PretrainOptions {
  objective: PretrainObjective;
  dim: number;
  epochs: number;
  /** Largest distance of a context word; each centre draws its own window up to this. */
  window: number;
  /** Negatives per example, in the loss's weighting; `sharedNegatives` are drawn per batch. */
  negatives: number;
  sharedNegatives: number;
  /** Examples per step. */
  batchExamples: number;
  learningRate: number;
  /** 'sgd' as word2vec (on summed losses); 'adam' per row on the batch's mean loss. */
  optimizer: 'sgd' | 'adam';
  /** Words more frequent than this share of the corpus are skipped at random (word2vec's t). */
  subsample: number;
  seed: number;
}

export const DEFAULT_PRETRAIN_OPTIONS: PretrainOptions = {
  objective: 'skipgram',
  dim: 64,
  epochs: 4,
  window: 4,
  negatives: 5,
  sharedNegatives: 64,
  batchExamples: 2048,
  learningRate: 0.01,
  optimizer: 'adam',
  subsample: 1e-3,
  seed: 42,
};

export interface PretrainInput {
  types: readonly PositionType[];
  unitCount: number;
  wordCounts: Float32Array;
  /** Every text as type ids. */
  texts: readonly Int32Array[];
}

export interface PretrainProgress {
  epoch: number;
  epochs: number;
  /** Share of all epochs done, 0..1. */
  done: number;
  loss: number;
  etaMs: number | null;
}

export interface PretrainedUnits {
  dim: number;
  /** Row-major [unitCount, dim]. */
  units: Float32Array;
  /** Mean loss per example, per epoch. */
  losses: number[];
}

/**
 * Where a run stands after an epoch: enough to continue from there (the next epochs draw the
 * same batches; Adam's moments start afresh, as the linear model's do on resume, since saving
 * them would triple every checkpoint).
 */
export interface PretrainCheckpoint {
  epoch: number;
  units: Float32Array;
  /** The output (context) vectors, needed only to continue. */
  words: Float32Array;
  losses: number[];
}

export interface PretrainHooks {
  onProgress?: (progress: PretrainProgress) => void;
  /** Called after every epoch but the last, with tables the caller may keep (copies). */
  onCheckpoint?: (checkpoint: PretrainCheckpoint) => Promise<void>;
  resume?: PretrainCheckpoint;
}

const NEGATIVE_TABLE_SIZE = 1 << 20;

/** word2vec's table: word w fills a share of it proportional to count(w)^0.75. */
function negativeTable(counts: Float32Array): Int32Array {
  const table = new Int32Array(NEGATIVE_TABLE_SIZE);
  let total = 0;
  for (const count of counts) total += count ** 0.75;
  let word = 0;
  let cumulative = (counts[0] ?? 0) ** 0.75 / total;
  for (let i = 0; i < NEGATIVE_TABLE_SIZE; i++) {
    table[i] = word;
    if (i / NEGATIVE_TABLE_SIZE > cumulative && word < counts.length - 1) {
      word++;
      cumulative += (counts[word] as number) ** 0.75 / total;
    }
  }
  return table;
}

function keepProbabilities(counts: Float32Array, threshold: number): Float32Array {
  let total = 0;
  for (const count of counts) total += count;
  return counts.map((count) => {
    const f = count / total;
    return Math.min(1, Math.sqrt(threshold / f) + threshold / f);
  });
}

/** Examples of one step: each a bag of input types (one for skipgram) and the word to predict. */
class ExampleBatch {
  inputs: number[][] = [];
  targets: number[] = [];
  get size(): number {
    return this.targets.length;
  }
}

/** Trains subword vectors on the texts; calls `onProgress` every few steps. */
export async function pretrainSubwords(
  signal: AbortSignal | undefined,
  input: PretrainInput,
  options: PretrainOptions = DEFAULT_PRETRAIN_OPTIONS,
  hooks: PretrainHooks = {},
): Promise<PretrainedUnits> {
  const { dim, window } = options;
  const { onProgress, onCheckpoint, resume } = hooks;
  const units = new Float32Array(input.unitCount * dim);
  const words = new Float32Array(input.wordCounts.length * dim);
  const startEpoch = (resume?.epoch ?? 0) + 1;
  if (resume) {
    if (resume.units.length !== units.length || resume.words.length !== words.length)
      throw appError(
        'InvalidInput',
        'The saved pretraining checkpoint does not fit this vocabulary',
      );
    units.set(resume.units);
    words.set(resume.words);
  } else {
    const init = createRandom(options.seed);
    for (let i = 0; i < units.length; i++) units[i] = (init() - 0.5) / dim;
  }
  const negativeWords = negativeTable(input.wordCounts);
  const keep = keepProbabilities(input.wordCounts, options.subsample);
  const unitRows = new LocalRows(input.unitCount);
  const wordRows = new LocalRows(input.wordCounts.length);
  const typeRows = new LocalRows(Math.max(1, input.types.length));
  const wordOf = (type: number) => (input.types[type] as PositionType).wordRow;
  let random = createRandom(options.seed);
  const unitAdam = new SparseAdam(units, dim);
  const wordAdam = new SparseAdam(words, dim);
  const scaled = (values: Float32Array, factor: number) => values.map((v) => v * factor);
  const kept = (word: number) => word >= 0 && random() <= (keep[word] as number);

  const perEpoch = Math.max(1, estimateExamples(input, options));
  const totalExamples = perEpoch * options.epochs;
  // Progress and the learning rate's decay count examples; a resumed run starts where it was.
  let examplesDone = perEpoch * (startEpoch - 1);
  const losses: number[] = [...(resume?.losses ?? [])];
  const clock = new ProgressClock();
  const doneAtStart = examplesDone;

  for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
    // Each epoch draws from its own seed, so a resumed run repeats an uninterrupted one.
    random = createRandom(options.seed * 7919 + epoch);
    const order = shuffledIndices(input.texts.length, random);
    let lossSum = 0;
    let examples = 0;
    let batch = new ExampleBatch();
    for (let cursor = 0; cursor < order.length; cursor++) {
      const text = input.texts[order[cursor] as number] as Int32Array;
      // Subsampling drops frequent words from the text before windows are drawn, as word2vec does.
      const words = Array.from(text).filter((type) => kept(wordOf(type)) || wordOf(type) < 0);
      for (let position = 0; position < words.length; position++) {
        const reach = 1 + Math.floor(random() * window);
        const from = Math.max(0, position - reach);
        const to = Math.min(words.length - 1, position + reach);
        const centre = words[position] as number;
        if (options.objective === 'cbow') {
          const target = wordOf(centre);
          if (target < 0 || to === from) continue;
          const context: number[] = [];
          for (let j = from; j <= to; j++) if (j !== position) context.push(words[j] as number);
          batch.inputs.push(context);
          batch.targets.push(target);
        } else {
          for (let j = from; j <= to; j++) {
            const target = wordOf(words[j] as number);
            if (j === position || target < 0) continue;
            batch.inputs.push([centre]);
            batch.targets.push(target);
          }
        }
      }
      if (batch.size >= options.batchExamples || (cursor === order.length - 1 && batch.size > 0)) {
        throwIfAborted(signal);
        lossSum += (await step(batch)) * batch.size;
        examples += batch.size;
        examplesDone += batch.size;
        batch = new ExampleBatch();
        if (onProgress && clock.due()) {
          const done = Math.min(1, examplesDone / totalExamples);
          const etaMs = clock.remainingMs(examplesDone - doneAtStart, totalExamples - doneAtStart);
          onProgress({ epoch, epochs: options.epochs, done, loss: lossSum / examples, etaMs });
          // Lets a Cancel (a message to this worker) in between batches.
          await yieldToMessages();
        }
      }
    }
    losses.push(examples ? lossSum / examples : Number.NaN);
    examplesDone = perEpoch * epoch;
    if (onCheckpoint && epoch < options.epochs)
      await onCheckpoint({
        epoch,
        units: units.slice(),
        words: words.slice(),
        losses: [...losses],
      });
  }
  return { dim, units, losses };

  /**
   * One SGD step; returns the mean loss of its examples. Reads back asynchronously: on WebGPU a
   * blocking read in a worker fails, and the mapping it interrupts rejects as an AbortError.
   */
  async function step(batch: ExampleBatch): Promise<number> {
    const rate = options.learningRate * Math.max(1e-4, 1 - examplesDone / totalExamples);
    const size = batch.size;
    // Each example's input types (one for skipgram, the context for cbow), as (type, example) pairs.
    const inputTypes: number[] = [];
    const inputExamples: number[] = [];
    const inputWeights: number[] = [];
    const targets = new Int32Array(size);
    batch.inputs.forEach((bag, e) => {
      for (const type of bag) {
        inputTypes.push(typeRows.local(type));
        inputExamples.push(e);
        inputWeights.push(1 / bag.length);
      }
      targets[e] = wordRows.local(batch.targets[e] as number);
    });
    const negatives = new Int32Array(options.sharedNegatives);
    for (let k = 0; k < negatives.length; k++) {
      negatives[k] = wordRows.local(
        negativeWords[Math.floor(random() * NEGATIVE_TABLE_SIZE)] as number,
      );
    }
    const typeUnits = unitPairs(input.types, typeRows.rows, unitRows);
    const negativeShare = options.negatives / options.sharedNegatives;
    const unitBlock = unitRows.gather(units, dim);
    const wordBlock = wordRows.gather(words, dim);
    const typeCount = typeRows.size;
    const [lossValue, unitGradient, wordGradient] = tf.tidy(() => {
      const unitTensor = tf.tensor2d(unitBlock, [unitRows.size, dim]);
      const wordTensor = tf.tensor2d(wordBlock, [wordRows.size, dim]);
      const pairUnits = tf.tensor1d(typeUnits.units, 'int32');
      const pairTypes = tf.tensor1d(typeUnits.types, 'int32');
      const pairWeights = tf.tensor2d(typeUnits.weights, [typeUnits.weights.length, 1]);
      const exampleTypes = tf.tensor1d(inputTypes, 'int32');
      const exampleIds = tf.tensor1d(inputExamples, 'int32');
      const exampleWeights = tf.tensor2d(inputWeights, [inputWeights.length, 1]);
      const targetTensor = tf.tensor1d(targets, 'int32');
      const negativeTensor = tf.tensor1d(negatives, 'int32');
      const lossOf = (unitTable: tf.Tensor, wordTable: tf.Tensor) => {
        const unitVectors = gatherRows(unitTable, pairUnits).mul(pairWeights) as tf.Tensor2D;
        const typeVectors = sumIntoRows(unitVectors, pairTypes, typeCount);
        const inputVectors = gatherRows(typeVectors, exampleTypes).mul(
          exampleWeights,
        ) as tf.Tensor2D;
        const hidden = sumIntoRows(inputVectors, exampleIds, size);
        const positive = gatherRows(wordTable, targetTensor).mul(hidden).sum(1);
        const negativeVectors = gatherRows(wordTable, negativeTensor) as tf.Tensor2D;
        const negative = matMul(hidden, negativeVectors.transpose());
        // -log σ(s) = softplus(-s) for the true word, -log σ(-s) = softplus(s) for the negatives.
        return tf
          .softplus(positive.neg())
          .sum()
          .add(tf.softplus(negative).sum().mul(negativeShare)) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(lossOf)([unitTensor, wordTensor]);
      return [value, grads[0] as tf.Tensor, grads[1] as tf.Tensor];
    });
    let lossData: Float32Array;
    let unitData: Float32Array;
    let wordData: Float32Array;
    try {
      [lossData, unitData, wordData] = await Promise.all([
        lossValue.data<'float32'>(),
        unitGradient.data<'float32'>(),
        wordGradient.data<'float32'>(),
      ]);
    } finally {
      tf.dispose([lossValue, unitGradient, wordGradient]);
    }
    const loss = (lossData[0] as number) / size;
    if (options.optimizer === 'adam') {
      // Adam on the mean loss: the batch's summed gradient divided by its size.
      unitAdam.apply(unitRows.rows, scaled(unitData, 1 / size), rate);
      wordAdam.apply(wordRows.rows, scaled(wordData, 1 / size), rate);
    } else {
      descend(units, unitRows.rows, unitData, rate);
      descend(words, wordRows.rows, wordData, rate);
    }
    unitRows.reset();
    wordRows.reset();
    typeRows.reset();
    return loss;
  }

  /** Plain SGD on the given rows, as word2vec and fastText train: table[row] -= rate * gradient. */
  function descend(
    table: Float32Array,
    rows: readonly number[],
    gradient: Float32Array,
    rate: number,
  ) {
    rows.forEach((row, i) => {
      const to = row * dim;
      const from = i * dim;
      for (let d = 0; d < dim; d++)
        table[to + d] = (table[to + d] as number) - rate * (gradient[from + d] as number);
    });
  }
}

/** The (unit, type) pairs of the given types, local on both sides, each weighted 1 / units. */
export function unitPairs(
  types: readonly PositionType[],
  typeRows: readonly number[],
  unitRows: LocalRows,
): { units: Int32Array; types: Int32Array; weights: Float32Array } {
  let count = 0;
  for (const type of typeRows) count += (types[type] as PositionType).unitRows.length;
  const units = new Int32Array(count);
  const owners = new Int32Array(count);
  const weights = new Float32Array(count);
  let k = 0;
  typeRows.forEach((type, t) => {
    const rows = (types[type] as PositionType).unitRows;
    for (const row of rows) {
      units[k] = unitRows.local(row);
      owners[k] = t;
      weights[k++] = 1 / rows.length;
    }
  });
  return { units, types: owners, weights };
}

function estimateExamples(input: PretrainInput, options: PretrainOptions): number {
  let positions = 0;
  for (const text of input.texts) positions += text.length;
  // A window drawn uniformly from 1..w reaches (w + 1) / 2 words on each side on average.
  return options.objective === 'cbow' ? positions : positions * (options.window + 1);
}

function shuffledIndices(count: number, random: () => number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
