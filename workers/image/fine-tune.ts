import * as tf from '@tensorflow/tfjs';
import { appError, throwIfAborted } from '@shared/errors.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';
import { ProgressClock } from '@shared/progress.ts';
import type { FineTuneProgress } from '@shared/contracts/image.ts';
import { fromFloat16 } from '../lifecycle/quantize.ts';
import {
  DEFAULT_PROBE_OPTIONS,
  fitLinearProbe,
  fitStandardiser,
  standardise,
  type LinearHead,
  type ProbeOptions,
  type Standardiser,
} from './linear-probe.ts';
import { variableOf } from './head.ts';
import { averageViews, l2NormaliseRows } from './preprocess.ts';
import {
  disposeTop,
  topFeatureMap,
  topForward,
  topTensors,
  withTensors,
  type TopWeights,
} from './top-blocks.ts';

/**
 * Cached activations at the cut, one row per photo view, read as float16 bits a batch at a
 * time: from memory when they fit, from IndexedDB otherwise (activation-rows.ts).
 */
export interface ActivationSet {
  /** Float16 bits of the given rows, concatenated in that order. */
  read(ids: readonly number[]): Promise<Uint16Array>;
  labels: Int32Array;
  /** [height, width, channels] of one row. */
  shape: readonly [number, number, number];
  /** Consecutive rows that are views of one product, averaged when scoring (flip TTA). */
  viewsPerProduct: number;
}

export interface FineTuneOptions {
  epochs: number;
  batchSize: number;
  /** Adam step size of the top's weights (cosine decay to 0 over the run). */
  learningRate: number;
  /** Adam step size of the softmax layer. */
  headLearningRate: number;
  /** L2 penalty on the softmax weights. */
  l2: number;
  /** Share of batches that see a random window of the map one or two positions narrower (a crop, for free). */
  window: number;
  /** Share of positions dropped before pooling, per example (a cutout, for free). */
  positionDrop: number;
  /** Share of batches whose examples are mixed pairwise with their labels (mixup), 0 = off. */
  mixup: number;
  probe: ProbeOptions;
  seed: number;
}

export const DEFAULT_FINE_TUNE_OPTIONS: Omit<FineTuneOptions, 'seed'> = {
  epochs: 6,
  batchSize: 64,
  learningRate: 3e-4,
  headLearningRate: 1e-3,
  l2: 1e-3,
  window: 0.5,
  positionDrop: 0.2,
  mixup: 0,
  probe: DEFAULT_PROBE_OPTIONS,
};

/** Where a run stands after an epoch: enough to carry on from there. */
export interface FineTuneState {
  epoch: number;
  top: TopWeights;
  head: LinearHead;
  standardiser: Standardiser;
  history: { loss: number; validationAccuracy: number }[];
  frozenValidationAccuracy: number;
}

export interface FineTuneResult {
  top: TopWeights;
  head: LinearHead;
  standardiser: Standardiser;
  history: { loss: number; validationAccuracy: number }[];
  /** The linear probe on the frozen top, before any step: the figure fine-tuning must beat. */
  frozenValidationAccuracy: number;
}

/** Adam reads its step size on every update: the cosine decay sets it between batches. */
function setLearningRate(optimizer: tf.AdamOptimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

const rowWidth = (set: ActivationSet) => set.shape[0] * set.shape[1] * set.shape[2];
const rowsOf = (set: ActivationSet) => set.labels.length;

/** The given rows as a float32 tensor [rows, h, w, c]. */
async function batchTensor(set: ActivationSet, ids: readonly number[]): Promise<tf.Tensor4D> {
  const bits = await set.read(ids);
  if (bits.length !== ids.length * rowWidth(set))
    throw appError('InvalidInput', 'The cached activations do not match their labels');
  const [h, w, c] = set.shape;
  return tf.tensor4d(fromFloat16(bits), [ids.length, h, w, c]);
}

/** An activation set held in memory (float16 bits, row-major). */
export function activationsInMemory(
  activations: Uint16Array,
  labels: Int32Array,
  shape: readonly [number, number, number],
  viewsPerProduct: number,
): ActivationSet {
  const width = shape[0] * shape[1] * shape[2];
  return {
    labels,
    shape,
    viewsPerProduct,
    read: async (ids) => {
      const out = new Uint16Array(ids.length * width);
      ids.forEach((id, r) =>
        out.set(activations.subarray(id * width, (id + 1) * width), r * width),
      );
      return out;
    },
  };
}

const CHUNK = 128;

/** L2-normalised pooled embeddings of every row under a top, in chunks. */
export async function topEmbeddings(set: ActivationSet, top: TopWeights): Promise<Float32Array> {
  const rows = rowsOf(set);
  let width = 0;
  const parts: Float32Array[] = [];
  for (let start = 0; start < rows; start += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, rows - start) }, (_, i) => start + i);
    const input = await batchTensor(set, ids);
    const pooled = tf.tidy(() => topForward(input, top));
    input.dispose();
    width = pooled.shape[1];
    parts.push((await pooled.data()) as Float32Array);
    pooled.dispose();
  }
  const out = new Float32Array(rows * width);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return l2NormaliseRows(out, width);
}

function probeAccuracy(
  x: Float32Array,
  labels: Int32Array,
  views: number,
  head: LinearHead,
  standardiser: Standardiser,
): number {
  const width = standardiser.mean.length;
  const classes = head.bias.length;
  const averaged = averageViews(x, width, views);
  const products = averaged.length / width;
  if (products === 0) return Number.NaN;
  const logits = tf.tidy(
    () =>
      tf
        .add(
          tf.matMul(
            standardise(
              tf.tensor2d(averaged, [products, width]),
              tf.tensor1d(standardiser.mean),
              tf.tensor1d(standardiser.std),
            ),
            tf.tensor2d(head.kernel, [width, classes]),
          ),
          tf.tensor1d(head.bias),
        )
        .dataSync() as Float32Array,
  );
  let hits = 0;
  for (let p = 0; p < products; p++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if ((logits[p * classes + c] as number) > (logits[p * classes + best] as number)) best = c;
    if (best === labels[p * views]) hits++;
  }
  return hits / products;
}

/**
 * Fine-tunes the top of the backbone and a softmax layer on cached activations. The layer is
 * first fitted on the frozen top's embeddings (a linear probe, which also fixes the
 * standardisation); then both train together with Adam on mini-batches, the top's step
 * decaying to zero on a cosine. Each epoch ends with the validation products scored (views
 * averaged) and `onEpoch` called with the state, so a run can be checkpointed and resumed.
 * Returns new tensors for the top (the caller disposes them); `initial` is left as it was.
 * Cancel stops at the next batch.
 */
export async function fineTuneTop(
  signal: AbortSignal | undefined,
  train: ActivationSet,
  validation: ActivationSet | null,
  initial: TopWeights,
  classes: number,
  options: FineTuneOptions,
  onProgress: (progress: FineTuneProgress) => void = () => undefined,
  onEpoch: (state: FineTuneState) => Promise<void> = async () => undefined,
  resume: FineTuneState | null = null,
): Promise<FineTuneResult> {
  const rows = rowsOf(train);
  if (rows === 0) throw appError('EmptyDataset', 'No training photo has cached activations');
  const validate = async (top: TopWeights, head: LinearHead, standardiser: Standardiser) =>
    validation && rowsOf(validation)
      ? probeAccuracy(
          await topEmbeddings(validation, top),
          validation.labels,
          validation.viewsPerProduct,
          head,
          standardiser,
        )
      : Number.NaN;

  let standardiser: Standardiser;
  let head: LinearHead;
  let frozenValidationAccuracy: number;
  const history = resume ? [...resume.history] : [];
  const startTop = resume?.top ?? initial;
  if (resume) {
    ({ standardiser, head, frozenValidationAccuracy } = resume);
  } else {
    const frozen = await topEmbeddings(train, initial);
    const width = frozen.length / rows;
    standardiser = fitStandardiser(frozen, width);
    const standardised = tf.tidy(
      () =>
        standardise(
          tf.tensor2d(frozen, [rows, width]),
          tf.tensor1d(standardiser.mean),
          tf.tensor1d(standardiser.std),
        ).dataSync() as Float32Array,
    );
    head = await fitLinearProbe(signal, standardised, train.labels, width, classes, options.probe);
    frozenValidationAccuracy = await validate(initial, head, standardiser);
  }
  const firstEpoch = (resume?.epoch ?? 0) + 1;
  if (firstEpoch > options.epochs)
    return {
      top: withTensors(
        startTop,
        topTensors(startTop).map((t) => t.clone()),
      ),
      head,
      standardiser,
      history,
      frozenValidationAccuracy,
    };

  const variables = topTensors(startTop).map((t) => tf.variable(t));
  const top = withTensors(startTop, variables);
  const width = standardiser.mean.length;
  const kernel = variableOf(tf.tensor2d(head.kernel, [width, classes]));
  const bias = variableOf(tf.tensor1d(head.bias));
  const mean = tf.tensor1d(standardiser.mean);
  const std = tf.tensor1d(standardiser.std);
  const topOptimizer = tf.train.adam(options.learningRate);
  const headOptimizer = tf.train.adam(options.headLearningRate);
  const random = createRandom(options.seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  const batchesPerEpoch = Math.ceil(rows / options.batchSize);
  const totalBatches = batchesPerEpoch * (options.epochs - firstEpoch + 1);
  const [h, w, c] = train.shape;
  const clock = new ProgressClock();
  let done = 0;
  const snapshot = async (): Promise<{ top: TopWeights; head: LinearHead }> => ({
    top: withTensors(
      top,
      variables.map((v) => v.clone()),
    ),
    head: {
      kernel: (await kernel.data()) as Float32Array,
      bias: (await bias.data()) as Float32Array,
    },
  });
  try {
    for (let epoch = firstEpoch; epoch <= options.epochs; epoch++) {
      // Each epoch's order depends only on the seed and the epoch, so a resumed run repeats.
      const epochRandom = createRandom(options.seed * 1000 + epoch);
      shuffleInPlace(order, epochRandom);
      let lossSum = 0;
      for (let start = 0; start < rows; start += options.batchSize) {
        throwIfAborted(signal);
        const ids = order.slice(start, start + options.batchSize);
        const step = (epoch - 1) * batchesPerEpoch + start / options.batchSize;
        const decay = 0.5 * (1 + Math.cos((Math.PI * step) / (batchesPerEpoch * options.epochs)));
        setLearningRate(topOptimizer, options.learningRate * decay);
        setLearningRate(headOptimizer, options.headLearningRate * decay);
        const windowed = random() < options.window;
        // One or two positions narrower than the map: 5 or 6 of 7 at 224 px, 3 or 4 of 5 at 160.
        const full = Math.min(h, w);
        const side = windowed ? Math.max(2, full - 1 - Math.floor(random() * 2)) : full;
        const top0 = windowed ? Math.floor(random() * (h - side + 1)) : 0;
        const left0 = windowed ? Math.floor(random() * (w - side + 1)) : 0;
        const dropSeed = Math.floor(random() * 2 ** 31);
        const raw = await batchTensor(train, ids);
        const rawTargets = tf.tidy(() =>
          tf.oneHot(
            tf.tensor1d(
              ids.map((id) => train.labels[id] ?? 0),
              'int32',
            ),
            classes,
          ),
        );
        // Mixup: each example blended with another of the batch (weight 0.5–1 on its own).
        const mixed = random() < options.mixup;
        const weight = 0.5 + 0.5 * random();
        const partner = shuffleInPlace(
          ids.map((_, i) => i),
          random,
        );
        const blend = (t: tf.Tensor) =>
          tf.tidy(() => tf.add(tf.mul(t, weight), tf.mul(tf.gather(t, partner), 1 - weight)));
        const input = (mixed ? blend(raw) : raw) as tf.Tensor4D;
        const targets = mixed ? blend(rawTargets) : rawTargets;
        if (mixed) tf.dispose([raw, rawTargets]);
        const { value, grads } = tf.variableGrads(() => {
          const x =
            side < full ? tf.slice(input, [0, top0, left0, 0], [ids.length, side, side, c]) : input;
          let pooled = pooledWithDrop(x, top, options.positionDrop, dropSeed);
          pooled = tf.div(pooled, tf.add(tf.norm(pooled, 'euclidean', 1, true), 1e-12));
          const logits = tf.add(tf.matMul(standardise(pooled, mean, std), kernel), bias);
          return tf.add(
            tf.losses.softmaxCrossEntropy(targets, logits),
            tf.mul(tf.sum(tf.square(kernel)), options.l2),
          ) as tf.Scalar;
        }, [...variables, kernel, bias]);
        const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
        const isHead = (name: string) => name === kernel.name || name === bias.name;
        topOptimizer.applyGradients(named.filter((g) => !isHead(g.name)));
        headOptimizer.applyGradients(named.filter((g) => isHead(g.name)));
        lossSum += ((await value.data())[0] ?? 0) * ids.length;
        tf.dispose([value, input, targets, ...Object.values(grads)]);
        done++;
        if (!clock.due(done === totalBatches)) continue;
        onProgress({
          epoch,
          epochs: options.epochs,
          batches: done,
          totalBatches,
          loss: lossSum / Math.min(rows, start + ids.length),
          validationAccuracy: history.at(-1)?.validationAccuracy ?? Number.NaN,
          etaMs: clock.remainingMs(done, totalBatches),
        });
      }
      const state = await snapshot();
      // The snapshot's tensors leave only as the result of the last epoch; a failed validation
      // or checkpoint, and every earlier epoch, frees them.
      let returned = false;
      try {
        const validationAccuracy = await validate(state.top, state.head, standardiser);
        history.push({ loss: lossSum / rows, validationAccuracy });
        await onEpoch({
          epoch,
          ...state,
          standardiser,
          history: [...history],
          frozenValidationAccuracy,
        });
        if (epoch === options.epochs) {
          returned = true;
          return {
            top: state.top,
            head: state.head,
            standardiser,
            history,
            frozenValidationAccuracy,
          };
        }
      } finally {
        if (!returned) disposeTop(state.top);
      }
    }
    throw appError('InvalidInput', 'Fine-tuning ran no epoch');
  } finally {
    topOptimizer.dispose();
    headOptimizer.dispose();
    tf.dispose([...variables, kernel, bias, mean, std]);
  }
}

/** The pooled embedding with a random share of positions left out of the mean (training only). */
function pooledWithDrop(x: tf.Tensor4D, top: TopWeights, drop: number, seed: number) {
  if (drop <= 0) return topForward(x, top);
  const map = topFeatureMap(x, top);
  const [n, positions] = map.shape;
  const keep = tf.cast(
    tf.greater(tf.randomUniform([n, positions, 1], 0, 1, 'float32', seed), drop),
    'float32',
  );
  return tf.div(tf.sum(tf.mul(map, keep), 1), tf.add(tf.sum(keep, 1), 1e-6)) as tf.Tensor2D;
}
