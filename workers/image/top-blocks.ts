import * as tf from '@tensorflow/tfjs';
import { appError } from '@shared/errors.ts';
import type { SavedTensor } from '@shared/db/records/model.ts';

/**
 * The top of MobileNet v2 (its last inverted-residual blocks, then the 1x1 convolution to 1,280
 * channels and global average pooling) rewritten with operations every TF.js backend can
 * differentiate: wasm has no Conv2DBackpropFilter (tensorflow/tfjs#8474) nor a depthwise
 * gradient, so the 1x1 convolutions are matrix products and the 3x3 depthwise one is a sum of
 * nine shifted, per-channel products. Batch normalisation is folded into each convolution
 * (inference statistics, as the frozen network uses them), so before training this computes
 * what the network does.
 */

/** A convolution with its batch normalisation folded in: 1x1 as [in, out], depthwise as [9, c]. */
export interface FoldedConv {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface InvertedResidual {
  expand: FoldedConv;
  depthwise: FoldedConv;
  project: FoldedConv;
  /** The input is added to the output (same width, stride 1). */
  residual: boolean;
}

export interface TopWeights {
  blocks: InvertedResidual[];
  /** The last 1x1 convolution (Conv_1), 1,280 channels. */
  head: FoldedConv;
}

/** Where the top begins: the layer whose output is cached, and the blocks after it. */
export interface TopCut {
  /** Name of the layer whose output enters the first trained block. */
  layer: string;
  /** MobileNet v2 block numbers trained before Conv_1, in order (none: Conv_1 alone). */
  blocks: number[];
  /** Channels of the cached activations. */
  channels: number;
}

const relu6 = (x: tf.Tensor) => tf.clipByValue(x, 0, 6);

/**
 * x·kernel + bias, optionally through ReLU6, with a gradient written out: TF.js's own gradient
 * of matMul multiplies with transposeA / transposeB, which wasm runs about 8 times slower than
 * the same product on an explicitly transposed operand (measured: 487 against 63 ms for one
 * batch of Conv_1).
 */
function dense(
  x: tf.Tensor2D,
  conv: FoldedConv,
  activation: 'relu6' | 'linear',
  inputGradient = true,
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, bias, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const a = input as tf.Tensor2D;
    const w = kernel as tf.Tensor2D;
    const z = tf.add(tf.matMul(a, w), bias as tf.Tensor1D);
    const value = (activation === 'relu6' ? relu6(z) : z) as tf.Tensor2D;
    save([a, w, value]);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [savedInput, savedKernel, savedValue] = saved as [
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor2D,
        ];
        const dz =
          activation === 'relu6'
            ? tf.mul(
                dy,
                tf.cast(
                  tf.logicalAnd(tf.greater(savedValue, 0), tf.less(savedValue, 6)),
                  'float32',
                ),
              )
            : dy;
        return [
          // The cached activations need no gradient: skip the largest product of all.
          inputGradient
            ? tf.matMul(dz as tf.Tensor2D, tf.transpose(savedKernel))
            : tf.zerosLike(savedInput),
          tf.matMul(tf.transpose(savedInput), dz as tf.Tensor2D),
          tf.sum(dz, 0),
        ];
      },
    };
  });
  return op(x, conv.kernel, conv.bias) as tf.Tensor2D;
}

function layerWeights(model: tf.LayersModel, name: string): tf.Tensor[] {
  try {
    return model.getLayer(name).getWeights();
  } catch {
    throw appError('InvalidModel', `The image model has no layer "${name}" to fine-tune`);
  }
}

/** A convolution and the batch normalisation after it, as one affine map. */
function fold(model: tf.LayersModel, conv: string, norm: string, depthwise: boolean): FoldedConv {
  const [kernel] = layerWeights(model, conv);
  const [gamma, beta, mean, variance] = layerWeights(model, norm) as tf.Tensor1D[];
  const epsilon = (model.getLayer(norm).getConfig().epsilon as number | undefined) ?? 1e-3;
  if (!kernel || !gamma || !beta || !mean || !variance)
    throw appError('InvalidModel', `The layers ${conv} and ${norm} lack weights`);
  return tf.tidy(() => {
    const scale = gamma.div(variance.add(epsilon).sqrt());
    const bias = beta.sub(mean.mul(scale)) as tf.Tensor1D;
    const [kh = 1, kw = 1, channels = 1, out = 1] = kernel.shape;
    const matrix = depthwise
      ? kernel.reshape([kh * kw, channels]).mul(scale)
      : kernel.reshape([channels, out]).mul(scale);
    return { kernel: matrix as tf.Tensor2D, bias };
  });
}

/**
 * The top's weights from MobileNet v2 (the functional model inside the shipped Sequential):
 * the given blocks, then Conv_1, each with its batch normalisation folded in.
 */
export function foldTop(network: tf.LayersModel, blocks: readonly number[]): TopWeights {
  return {
    blocks: blocks.map((block) => ({
      expand: fold(network, `block_${block}_expand`, `block_${block}_expand_BN`, false),
      depthwise: fold(network, `block_${block}_depthwise`, `block_${block}_depthwise_BN`, true),
      project: fold(network, `block_${block}_project`, `block_${block}_project_BN`, false),
      // Block 16 widens 56 → 112 channels; the others keep their width and add their input.
      residual: block !== 16,
    })),
    head: fold(network, 'Conv_1', 'Conv_1_bn', false),
  };
}

/** A 3x3, stride 1, 'same' depthwise convolution as nine shifted per-channel products. */
function depthwise3x3(x: tf.Tensor4D, conv: FoldedConv): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  let sum: tf.Tensor | null = null;
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) {
      const tap = tf.slice(conv.kernel, [dy * 3 + dx, 0], [1, c]).reshape([c]);
      const term = tf.mul(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]), tap);
      sum = sum ? tf.add(sum, term) : term;
    }
  }
  return tf.add(sum as tf.Tensor, conv.bias) as tf.Tensor4D;
}

/**
 * The top's output map on cached activations: [n, h, w, channels] → [n, h·w, 1,280] after the
 * last ReLU6. Call inside tf.tidy.
 */
export function topFeatureMap(activations: tf.Tensor4D, weights: TopWeights): tf.Tensor3D {
  const [n, h, w, c] = activations.shape;
  let flat = activations.reshape([n * h * w, c]) as tf.Tensor2D;
  let first = true;
  for (const block of weights.blocks) {
    const expanded = dense(flat, block.expand, 'relu6', !first).reshape([
      n,
      h,
      w,
      -1,
    ]) as tf.Tensor4D;
    first = false;
    const filtered = relu6(depthwise3x3(expanded, block.depthwise));
    const projected = dense(
      filtered.reshape([n * h * w, -1]) as tf.Tensor2D,
      block.project,
      'linear',
    );
    flat = block.residual ? (tf.add(flat, projected) as tf.Tensor2D) : projected;
  }
  return dense(flat, weights.head, 'relu6', !first).reshape([n, h * w, -1]) as tf.Tensor3D;
}

/** The pooled [n, 1,280] embedding, the mean over positions, as the shipped network ends. */
export const topForward = (activations: tf.Tensor4D, weights: TopWeights): tf.Tensor2D =>
  tf.mean(topFeatureMap(activations, weights), 1) as tf.Tensor2D;

/** Every tensor of the top, in a fixed order (expand, depthwise, project per block; then head). */
export function topTensors(weights: TopWeights): tf.Tensor[] {
  return [
    ...weights.blocks.flatMap((b) => [
      b.expand.kernel,
      b.expand.bias,
      b.depthwise.kernel,
      b.depthwise.bias,
      b.project.kernel,
      b.project.bias,
    ]),
    weights.head.kernel,
    weights.head.bias,
  ];
}

/** The same top with each tensor replaced, in topTensors' order. */
export function withTensors(weights: TopWeights, tensors: readonly tf.Tensor[]): TopWeights {
  let at = 0;
  const next = () => tensors[at++] as tf.Tensor;
  const conv = (): FoldedConv => ({
    kernel: next() as tf.Tensor2D,
    bias: next() as tf.Tensor1D,
  });
  const blocks = weights.blocks.map((b) => ({
    expand: conv(),
    depthwise: conv(),
    project: conv(),
    residual: b.residual,
  }));
  return { blocks, head: conv() };
}

export function disposeTop(weights: TopWeights): void {
  tf.dispose(topTensors(weights));
}

/** The top as stored with a photo model. */
export function savedTop(weights: TopWeights, blocks: readonly number[]): SavedTensor[] {
  const names = [
    ...blocks.flatMap((block) =>
      ['expand', 'depthwise', 'project'].flatMap((part) => [
        `block_${block}_${part}/kernel`,
        `block_${block}_${part}/bias`,
      ]),
    ),
    'Conv_1/kernel',
    'Conv_1/bias',
  ];
  return topTensors(weights).map((tensor, i) => ({
    name: names[i] as string,
    shape: tensor.shape,
    data: tensor.dataSync() as Float32Array,
  }));
}

/** A stored top, back as tensors (the caller disposes them with disposeTop). */
export function restoreTop(saved: readonly SavedTensor[], blocks: readonly number[]): TopWeights {
  if (saved.length !== blocks.length * 6 + 2)
    throw appError(
      'InvalidModel',
      `The fine-tuned top holds ${saved.length} tensors, not ${blocks.length * 6 + 2} for blocks ${blocks.join(', ')}`,
    );
  const tensors = saved.map((t) => tf.tensor(t.data, t.shape));
  return withTensors(
    {
      blocks: blocks.map((block) => ({
        residual: block !== 16,
      })) as InvertedResidual[],
      head: null as unknown as FoldedConv,
    },
    tensors,
  );
}
