import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@shared/random.ts';
import { gatherRows, sumIntoRows } from './gather-rows.ts';
import { batchMatMul, matMul } from './matmul.ts';
import { maxPoolOverTime } from './max-pool.ts';
import type { SequenceBatch } from './sequence-batch.ts';
import type { DeepArchitecture, NetworkShape } from '@shared/db/records/deep-model.ts';

/**
 * The deep text classifier's network over subword embeddings. 'cnn': 1-D convolutions of
 * widths `widths` (each a matMul over unfolded windows, which trains on every backend), ReLU
 * and max-pooling over time. 'bag': mean and max of the position vectors (fastText-like).
 */
export type { DeepArchitecture, NetworkShape };

export type DenseParams = Record<string, tf.Variable>;

function glorot(rows: number, columns: number, random: () => number): Float32Array {
  const limit = Math.sqrt(6 / (rows + columns));
  return Float32Array.from({ length: rows * columns }, () => (random() * 2 - 1) * limit);
}

interface LayerSpec {
  shape: number[];
  init: 'glorot' | 'zeros' | 'small';
}

/** Every dense layer of the network: its name, shape and initialiser. */
export function layerSpecs(shape: NetworkShape): Record<string, LayerSpec> {
  const { dim, filters, classCount } = shape;
  const layers: Record<string, LayerSpec> = {};
  const glorotLayer = (rows: number, columns: number): LayerSpec => ({
    shape: [rows, columns],
    init: 'glorot',
  });
  const bias = (size: number): LayerSpec => ({ shape: [size], init: 'zeros' });
  let pooled = 2 * dim;
  if (shape.architecture === 'cnn') {
    for (const width of shape.widths) {
      layers[`conv${width}`] = glorotLayer(width * dim, filters);
      layers[`conv${width}b`] = bias(filters);
    }
    pooled = filters * shape.widths.length;
  } else if (shape.architecture === 'gru') {
    for (const direction of ['f', 'b']) {
      layers[`gru${direction}W`] = glorotLayer(dim, 3 * filters);
      layers[`gru${direction}U`] = glorotLayer(filters, 3 * filters);
      layers[`gru${direction}b`] = bias(3 * filters);
    }
    pooled = 2 * filters;
  } else if (shape.architecture === 'attention') {
    layers.position = { shape: [MAX_ATTENTION_POSITIONS, dim], init: 'small' };
    for (const name of ['query', 'key', 'value', 'attnOut']) layers[name] = glorotLayer(dim, dim);
    layers.ff1 = glorotLayer(dim, 2 * dim);
    layers.ff1b = bias(2 * dim);
    layers.ff2 = glorotLayer(2 * dim, dim);
    layers.ff2b = bias(dim);
  }
  layers.out = glorotLayer(pooled, classCount);
  layers.outb = bias(classCount);
  return layers;
}

let variableCount = 0;

export function createDenseParams(shape: NetworkShape, seed: number): DenseParams {
  const random = createRandom(seed);
  const params: DenseParams = {};
  for (const [name, spec] of Object.entries(layerSpecs(shape))) {
    const [rows = 1, columns = 1] = spec.shape;
    const data =
      spec.init === 'zeros'
        ? new Float32Array(spec.shape.reduce((a, b) => a * b, 1))
        : glorot(rows, columns, random).map((x) => (spec.init === 'small' ? x * 0.1 : x));
    const initial = tf.tensor(data, spec.shape);
    // Variable names are global in TF.js: a counter keeps two models' layers apart.
    params[name] = tf.variable(initial, true, `deep-${name}-${++variableCount}`);
    initial.dispose();
  }
  return params;
}

/** The position vectors [size, length, dim] of a batch from its local embedding rows. */
function positionVectors(batch: SequenceBatch, units: tf.Tensor2D): tf.Tensor3D {
  const pairUnits = tf.tensor1d(batch.pairUnits, 'int32');
  const pairTypes = tf.tensor1d(batch.pairTypes, 'int32');
  const pairWeights = tf.tensor2d(batch.pairWeights, [batch.pairWeights.length, 1]);
  const unitVectors = gatherRows(units, pairUnits).mul(pairWeights) as tf.Tensor2D;
  // One row more than there are types: the all-zero vector that padding points at.
  const withPadding = sumIntoRows(unitVectors, pairTypes, batch.typeCount + 1);
  const positions = tf.tensor2d(batch.positions, [batch.size, batch.length], 'int32');
  return gatherRows(withPadding, positions) as tf.Tensor3D;
}

/**
 * Logits [size, classCount]; `dropout` > 0 only while training, its mask drawn from
 * `dropoutSeed` so that a training run repeats exactly.
 */
export function networkLogits(
  shape: NetworkShape,
  params: DenseParams,
  batch: SequenceBatch,
  units: tf.Tensor2D,
  dropout: number,
  dropoutSeed = 0,
): tf.Tensor2D {
  const { dim, filters } = shape;
  const x = positionVectors(batch, units);
  const mask = tf.tensor3d(batch.mask, [batch.size, batch.length, 1]);
  let pooled: tf.Tensor2D;
  if (shape.architecture === 'cnn') {
    const maps = shape.widths.map((width) => {
      const padded =
        width > 1
          ? x.pad([
              [0, 0],
              [0, width - 1],
              [0, 0],
            ])
          : x;
      const windows =
        width > 1
          ? tf.concat(
              Array.from({ length: width }, (_, j) =>
                padded.slice([0, j, 0], [batch.size, batch.length, dim]),
              ),
              2,
            )
          : x;
      const flat = windows.reshape([batch.size * batch.length, width * dim]) as tf.Tensor2D;
      const activations = tf.relu(
        matMul(flat, params[`conv${width}`] as tf.Variable as tf.Tensor2D).add(
          params[`conv${width}b`] as tf.Variable,
        ),
      );
      return maxPoolOverTime(
        activations.reshape([batch.size, batch.length, filters]).mul(mask) as tf.Tensor3D,
      );
    });
    pooled = (maps.length === 1 ? maps[0] : tf.concat(maps, 1)) as tf.Tensor2D;
  } else if (shape.architecture === 'gru') {
    pooled = gruFeatures(shape, params, x, mask, batch.length);
  } else if (shape.architecture === 'attention') {
    pooled = attentionFeatures(shape, params, x, mask, batch);
  } else {
    const count = mask.sum(1).maximum(1);
    const mean = x.mul(mask).sum(1).div(count);
    // Padding must not win the max: push it far below any real value first.
    const max = maxPoolOverTime(x.add(mask.sub(1).mul(1e4)) as tf.Tensor3D);
    pooled = tf.concat([mean, max], 1) as tf.Tensor2D;
  }
  const dropped = dropout > 0 ? tf.dropout(pooled, dropout, undefined, dropoutSeed) : pooled;
  return matMul(dropped as tf.Tensor2D, params.out as tf.Variable as tf.Tensor2D).add(
    params.outb as tf.Variable,
  );
}

const MAX_ATTENTION_POSITIONS = 128;
const ATTENTION_HEADS = 4;

/** Bidirectional GRU; the features are the max over time of both directions' states. */
function gruFeatures(
  shape: NetworkShape,
  params: DenseParams,
  x: tf.Tensor3D,
  mask: tf.Tensor3D,
  length: number,
): tf.Tensor2D {
  const [size, , dim] = x.shape;
  const h = shape.filters;
  const flat = x.reshape([size * length, dim]) as tf.Tensor2D;
  const states: tf.Tensor2D[][] = [];
  for (const direction of ['f', 'b']) {
    const projected = matMul(flat, params[`gru${direction}W`] as tf.Variable as tf.Tensor2D)
      .add(params[`gru${direction}b`] as tf.Variable)
      .reshape([size, length, 3 * h]);
    const recurrent = params[`gru${direction}U`] as tf.Variable as tf.Tensor2D;
    let state = tf.zeros([size, h]) as tf.Tensor2D;
    const out: tf.Tensor2D[] = [];
    for (let i = 0; i < length; i++) {
      const t = direction === 'f' ? i : length - 1 - i;
      const input = projected.slice([0, t, 0], [size, 1, 3 * h]).reshape([size, 3 * h]);
      const fromState = matMul(state, recurrent);
      const z = tf.sigmoid(input.slice([0, 0], [size, h]).add(fromState.slice([0, 0], [size, h])));
      const r = tf.sigmoid(input.slice([0, h], [size, h]).add(fromState.slice([0, h], [size, h])));
      const n = tf.tanh(
        input.slice([0, 2 * h], [size, h]).add(r.mul(fromState.slice([0, 2 * h], [size, h]))),
      );
      const next = tf.sub(1, z).mul(n).add(z.mul(state));
      const keep = mask.slice([0, t, 0], [size, 1, 1]).reshape([size, 1]);
      // Padding leaves the state as it was (and, read backwards, at zero until the text starts).
      state = next.mul(keep).add(state.mul(tf.sub(1, keep))) as tf.Tensor2D;
      out[t] = state.mul(keep) as tf.Tensor2D;
    }
    states.push(out);
  }
  const sequence = tf.concat(
    [tf.stack(states[0] as tf.Tensor2D[], 1), tf.stack(states[1] as tf.Tensor2D[], 1)],
    2,
  );
  return maxPoolOverTime(sequence as tf.Tensor3D);
}

function layerNorm(x: tf.Tensor2D): tf.Tensor2D {
  const mean = x.mean(1, true);
  const centred = x.sub(mean);
  return centred.div(centred.square().mean(1, true).add(1e-5).sqrt()) as tf.Tensor2D;
}

/** One encoder layer (4-head self-attention and a feed-forward block); masked mean and max pooling. */
function attentionFeatures(
  shape: NetworkShape,
  params: DenseParams,
  x: tf.Tensor3D,
  mask: tf.Tensor3D,
  batch: SequenceBatch,
): tf.Tensor2D {
  const { size } = batch;
  const length = Math.min(batch.length, MAX_ATTENTION_POSITIONS);
  const d = shape.dim;
  const heads = ATTENTION_HEADS;
  const dh = d / heads;
  const clipped = length < batch.length ? x.slice([0, 0, 0], [size, length, d]) : x;
  const clippedMask = length < batch.length ? mask.slice([0, 0, 0], [size, length, 1]) : mask;
  const positions = (params.position as tf.Variable).slice([0, 0], [length, d]);
  const input = clipped.add(positions).reshape([size * length, d]) as tf.Tensor2D;
  // [size * heads, length, dh] per projection; the keys transposed once, explicitly.
  const project = (name: string) =>
    matMul(input, params[name] as tf.Variable as tf.Tensor2D)
      .reshape([size, length, heads, dh])
      .transpose([0, 2, 1, 3]);
  const q = project('query').reshape([size * heads, length, dh]);
  const kT = project('key')
    .transpose([0, 1, 3, 2])
    .reshape([size * heads, dh, length]);
  const v = project('value').reshape([size * heads, length, dh]);
  const keyMask = clippedMask.reshape([size, 1, 1, length]).sub(1).mul(1e9);
  const scores = batchMatMul(q, kT)
    .mul(1 / Math.sqrt(dh))
    .reshape([size, heads, length, length])
    .add(keyMask);
  const attention = tf.softmax(scores).reshape([size * heads, length, length]);
  const mixed = batchMatMul(attention, v)
    .reshape([size, heads, length, dh])
    .transpose([0, 2, 1, 3])
    .reshape([size * length, d]) as tf.Tensor2D;
  const attended = layerNorm(
    input.add(matMul(mixed, params.attnOut as tf.Variable as tf.Tensor2D)) as tf.Tensor2D,
  );
  const hidden = tf.relu(
    matMul(attended, params.ff1 as tf.Variable as tf.Tensor2D).add(params.ff1b as tf.Variable),
  ) as tf.Tensor2D;
  const encoded = layerNorm(
    attended.add(
      matMul(hidden, params.ff2 as tf.Variable as tf.Tensor2D).add(params.ff2b as tf.Variable),
    ) as tf.Tensor2D,
  );
  const sequence = encoded.reshape([size, length, d]);
  const count = clippedMask.sum(1).maximum(1);
  const mean = sequence.mul(clippedMask).sum(1).div(count);
  const max = maxPoolOverTime(sequence.add(clippedMask.sub(1).mul(1e4)) as tf.Tensor3D);
  return tf.concat([mean, max], 1) as tf.Tensor2D;
}
