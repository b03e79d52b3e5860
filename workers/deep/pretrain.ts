import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '../../src/shared/errors.ts';
import { createRandom } from '../../src/shared/random.ts';
import { gatherRows } from './gather-rows.ts';
import type { PositionType } from './subword-vocab.ts';
import { LocalRows } from './sparse-rows.ts';

/**
 * Skipgram with negative sampling over subword units (Bojanowski et al., 2017): the vector of
 * a position (the mean of its units' vectors) is trained to predict the words around it, and not
 * a few words drawn at random. Only the input table (the units) is kept; it initialises the
 * classifier's embedding. TF.js computes the loss and the gradient of the rows a batch touches;
 * the update is applied to those rows in place, so a step costs what the batch uses.
 */
export interface PretrainOptions {
  dim: number;
  epochs: number;
  /** Largest distance of a context word; each centre draws its own window up to this. */
  window: number;
  negatives: number;
  /** Centre-context pairs per step. */
  batchPairs: number;
  learningRate: number;
  /** Words more frequent than this share of the corpus are skipped at random (word2vec's t). */
  subsample: number;
  seed: number;
}

export const DEFAULT_PRETRAIN_OPTIONS: PretrainOptions = {
  dim: 64,
  epochs: 5,
  window: 4,
  negatives: 5,
  batchPairs: 4096,
  learningRate: 0.05,
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
  etaMs: number;
}

export interface PretrainedUnits {
  dim: number;
  /** Row-major [unitCount, dim]. */
  units: Float32Array;
  /** Mean loss per epoch. */
  losses: number[];
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

interface PairBatch {
  centres: number[];
  targets: number[];
}

/** Trains subword vectors on the texts; calls `onProgress` after every few steps. */
export async function pretrainSubwords(
  signal: AbortSignal | undefined,
  input: PretrainInput,
  options: PretrainOptions = DEFAULT_PRETRAIN_OPTIONS,
  onProgress?: (progress: PretrainProgress) => void,
): Promise<PretrainedUnits> {
  const { dim, negatives, window } = options;
  const random = createRandom(options.seed);
  const units = new Float32Array(input.unitCount * dim);
  for (let i = 0; i < units.length; i++) units[i] = (random() - 0.5) / dim;
  const words = new Float32Array(input.wordCounts.length * dim);
  const negativeWords = negativeTable(input.wordCounts);
  const keep = keepProbabilities(input.wordCounts, options.subsample);
  const unitRows = new LocalRows(input.unitCount);
  const wordRows = new LocalRows(input.wordCounts.length);
  const typeRows = new LocalRows(input.types.length);

  const pairsPerEpoch = estimatePairs(input, window);
  const totalPairs = pairsPerEpoch * options.epochs;
  let pairsDone = 0;
  const losses: number[] = [];
  const started = performance.now();

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffledIndices(input.texts.length, random);
    let cursor = 0;
    let position = 0;
    let lossSum = 0;
    let steps = 0;
    while (cursor < order.length) {
      throwIfAborted(signal);
      const batch: PairBatch = { centres: [], targets: [] };
      // Fill one batch of pairs from consecutive texts of the shuffled order.
      while (cursor < order.length && batch.centres.length < options.batchPairs) {
        const text = input.texts[order[cursor] as number] as Int32Array;
        for (; position < text.length; position++) {
          const centreType = input.types[text[position] as number] as PositionType;
          if (centreType.wordRow >= 0 && random() > (keep[centreType.wordRow] as number)) continue;
          const reach = 1 + Math.floor(random() * window);
          for (let j = position - reach; j <= position + reach; j++) {
            if (j === position || j < 0 || j >= text.length) continue;
            const target = (input.types[text[j] as number] as PositionType).wordRow;
            if (target < 0 || random() > (keep[target] as number)) continue;
            batch.centres.push(text[position] as number);
            batch.targets.push(target);
          }
        }
        position = 0;
        cursor++;
      }
      if (batch.centres.length === 0) continue;
      const loss = step(batch);
      pairsDone += batch.centres.length;
      lossSum += loss;
      steps++;
      const done = Math.min(1, pairsDone / totalPairs);
      if (onProgress && steps % 4 === 0) {
        const elapsed = performance.now() - started;
        onProgress({ epoch, epochs: options.epochs, done, loss, etaMs: (elapsed / done) * (1 - done) });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    losses.push(steps ? lossSum / steps : Number.NaN);
  }
  return { dim, units, losses };

  function step(batch: PairBatch): number {
    const rate = options.learningRate * Math.max(1e-4, 1 - pairsDone / totalPairs);
    const pairs = batch.centres.length;
    const width = 1 + negatives;
    const centreLocal = new Int32Array(pairs);
    const targetLocal = new Int32Array(pairs * width);
    const labels = new Float32Array(pairs * width);
    for (let p = 0; p < pairs; p++) {
      centreLocal[p] = typeRows.local(batch.centres[p] as number);
      const target = batch.targets[p] as number;
      targetLocal[p * width] = wordRows.local(target);
      labels[p * width] = 1;
      for (let k = 1; k < width; k++) {
        let negative = negativeWords[Math.floor(random() * NEGATIVE_TABLE_SIZE)] as number;
        if (negative === target) negative = negativeWords[Math.floor(random() * NEGATIVE_TABLE_SIZE)] as number;
        targetLocal[p * width + k] = wordRows.local(negative);
      }
    }
    // Each type's units, padded to the longest; padding points at row 0 with weight 0.
    const typeCount = typeRows.rows.length;
    let longest = 1;
    for (const type of typeRows.rows) longest = Math.max(longest, (input.types[type] as PositionType).unitRows.length);
    const typeUnits = new Int32Array(typeCount * longest);
    const typeWeights = new Float32Array(typeCount * longest);
    typeRows.rows.forEach((type, t) => {
      const rows = (input.types[type] as PositionType).unitRows;
      for (let u = 0; u < rows.length; u++) {
        typeUnits[t * longest + u] = unitRows.local(rows[u] as number);
        typeWeights[t * longest + u] = 1 / rows.length;
      }
    });
    const unitBlock = unitRows.gather(units, dim);
    const wordBlock = wordRows.gather(words, dim);
    const [lossValue, unitGradient, wordGradient] = tf.tidy(() => {
      const unitTensor = tf.tensor2d(unitBlock, [unitRows.rows.length, dim]);
      const wordTensor = tf.tensor2d(wordBlock, [wordRows.rows.length, dim]);
      const typeUnitsTensor = tf.tensor2d(typeUnits, [typeCount, longest], 'int32');
      const typeWeightsTensor = tf.tensor3d(typeWeights, [typeCount, longest, 1]);
      const centres = tf.tensor1d(centreLocal, 'int32');
      const targets = tf.tensor2d(targetLocal, [pairs, width], 'int32');
      const labelTensor = tf.tensor2d(labels, [pairs, width]);
      const lossOf = (unitTable: tf.Tensor, wordTable: tf.Tensor) => {
        const typeVectors = gatherRows(unitTable, typeUnitsTensor).mul(typeWeightsTensor).sum(1);
        const centre = gatherRows(typeVectors, centres).expandDims(1);
        const scores = gatherRows(wordTable, targets).mul(centre).sum(2);
        return tf.losses.sigmoidCrossEntropy(labelTensor, scores, undefined, 0, tf.Reduction.SUM);
      };
      const { value, grads } = tf.valueAndGrads(lossOf)([unitTensor, wordTensor]);
      return [value, grads[0] as tf.Tensor, grads[1] as tf.Tensor];
    });
    const loss = (lossValue.dataSync()[0] as number) / pairs;
    descend(units, unitRows.rows, unitGradient.dataSync() as Float32Array, rate);
    descend(words, wordRows.rows, wordGradient.dataSync() as Float32Array, rate);
    tf.dispose([lossValue, unitGradient, wordGradient]);
    unitRows.reset();
    wordRows.reset();
    typeRows.reset();
    return loss;
  }

  /** Plain SGD on the given rows, as word2vec and fastText train: table[row] -= rate * gradient. */
  function descend(table: Float32Array, rows: readonly number[], gradient: Float32Array, rate: number) {
    rows.forEach((row, i) => {
      const to = row * dim;
      const from = i * dim;
      for (let d = 0; d < dim; d++)
        table[to + d] = (table[to + d] as number) - rate * (gradient[from + d] as number);
    });
  }
}

function estimatePairs(input: PretrainInput, window: number): number {
  let positions = 0;
  for (const text of input.texts) positions += text.length;
  // A window drawn uniformly from 1..w reaches (w + 1) / 2 words on each side on average.
  return Math.max(1, positions * (window + 1));
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
