import * as tf from '@tensorflow/tfjs';
import { readFloatsInto } from '../backend/read-into.ts';
import type { LinearModel } from './linear-model.ts';
import type { LossAndGradient } from './losses.ts';
import type { LazyAverage } from './running-average.ts';
import type { TrainingTable } from './weight-table.ts';
import {
  blockGradientOf,
  productLogits,
  productTensors,
  type LocalProduct,
} from './sparse-product.ts';

/**
 * Adam whose moments are updated only for the table rows a batch touches, as TensorFlow's
 * LazyAdamOptimizer does. TF.js computes the loss and its gradient for those rows; the update
 * is applied in place here because TF.js has no in-place sparse update: a dense Adam step
 * would rewrite every row of the table (tens of millions of values) on every batch, and
 * gathering and scattering the moments through the backend cost more than the step itself
 * (measured on wasm: about 45 ms per batch of 64 titles against 10 ms this way).
 */
export interface LazyAdamState {
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  step: number;
}

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export function createLazyAdam(model: LinearModel): LazyAdamState {
  const size = model.weights.length;
  return { firstMoment: new Float32Array(size), secondMoment: new Float32Array(size), step: 0 };
}

/** A training loss of the batch's logits, with its gradient with respect to them. */
export type LossOfLogits = (logits: tf.Tensor2D) => LossAndGradient;

/**
 * A block of weights as a tensor. The wasm backend copies the values into its own memory at
 * once, so a view into the table's scratch space is enough; other backends may keep the array
 * they are given, so they get a copy.
 */
function blockTensor(block: Float32Array, rows: number, width: number): tf.Tensor2D {
  return tf.tensor2d(tf.getBackend() === 'wasm' ? block : block.slice(), [rows, width]);
}

/**
 * The gradient of the loss with respect to the product's scaled block (given as `block`,
 * row-major [tableRows, width], each row times its column scale), written into `gradient`
 * (which may be `block` itself: the block is read before), and the loss.
 */
export async function blockGradient(
  product: LocalProduct,
  block: Float32Array,
  width: number,
  lossOf: LossOfLogits,
  gradient: Float32Array = new Float32Array(block.length),
): Promise<{ loss: number; gradient: Float32Array }> {
  const [loss, blockGradient] = tf.tidy(() => {
    const tensors = productTensors(product, blockTensor(block, product.tableRows.length, width));
    // The chain rule by hand for the sparse product (see blockGradientOf), from the
    // gradient of the loss with respect to the logits.
    const { loss, gradient } = lossOf(productLogits(tensors));
    return [loss, blockGradientOf(tensors, product, gradient)];
  });
  try {
    const [lossData] = await Promise.all([loss.data(), readFloatsInto(blockGradient, gradient)]);
    return { loss: lossData[0] ?? Number.NaN, gradient };
  } finally {
    tf.dispose([loss, blockGradient]);
  }
}

/**
 * Applies one Adam update to the given table rows, in place; `average` first credits each row's
 * old values to the running mean, while the row is in cache.
 */
export function applyLazyAdam(
  model: LinearModel,
  state: LazyAdamState,
  tableRows: Int32Array,
  gradient: Float32Array,
  { learningRate, beta1, beta2, epsilon }: AdamSettings,
  average?: LazyAverage,
): void {
  state.step += 1;
  const stepSize = (learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
  const width = model.classCount;
  const { weights } = model;
  const { firstMoment, secondMoment } = state;
  const keep1 = beta1;
  const add1 = 1 - beta1;
  const keep2 = beta2;
  const add2 = 1 - beta2;
  for (let i = 0; i < tableRows.length; i++) {
    const row = tableRows[i] as number;
    average?.beforeRowUpdate(row);
    const base = row * width;
    const end = base + width;
    let g = i * width;
    for (let at = base; at < end; at++, g++) {
      const gradientValue = gradient[g] as number;
      const m = keep1 * (firstMoment[at] as number) + add1 * gradientValue;
      const v = keep2 * (secondMoment[at] as number) + add2 * gradientValue * gradientValue;
      firstMoment[at] = m;
      secondMoment[at] = v;
      weights[at] = (weights[at] as number) - (stepSize * m) / (Math.sqrt(v) + epsilon);
    }
  }
}

/**
 * Runs one training step on a product built `forTraining` and returns its loss. The table
 * scales the block as it gathers it and applies the column scales and the L2 decay (on the
 * rows the batch uses, "lazy" weight decay as sparse linear learners do) in its Adam step:
 * as TF.js operations those passes over the block (with reading the gradient through `data()`)
 * made training about a fifth slower on wasm (flipkart-full, myntra, openbg-zh).
 */
export async function lazyAdamStep(
  table: TrainingTable,
  product: LocalProduct,
  lossOf: LossOfLogits,
  settings: AdamSettings,
  l2 = 0,
): Promise<number> {
  const { tableRows, columnScales } = product;
  const block = table.gather(tableRows, columnScales);
  // The gradient replaces the block in the table's scratch space, where its Adam step reads it.
  const { loss, gradient } = await blockGradient(product, block, table.width, lossOf, block);
  table.adam(tableRows, gradient, settings, ++table.steps, columnScales, l2);
  return loss;
}
