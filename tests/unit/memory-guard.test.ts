import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import {
  asBackendFailure,
  DEFAULT_MEMORY_BUDGET,
  MemoryGuard,
  simulateFailure,
  type MemoryProbes,
} from '../../workers/backend/memory-guard.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { splitSmallCatalogue } from './catalogue-fixture.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);
afterEach(() => simulateFailure(null));

const realTensors: MemoryProbes['tensors'] = () => tf.memory();
const probes = (overrides: Partial<MemoryProbes>): MemoryProbes => ({
  tensors: realTensors,
  heap: () => null,
  deviceLoss: () => null,
  ...overrides,
});

describe('MemoryGuard', () => {
  it('stops a run whose live tensors keep growing, naming the count', () => {
    const guard = new MemoryGuard('wasm', { ...DEFAULT_MEMORY_BUDGET, maxTensorGrowth: 3 });
    guard.check(1);
    const leaked = [1, 2, 3].map((v) => tf.scalar(v));
    expect(() => guard.check(1)).not.toThrow();
    leaked.push(tf.scalar(4));
    expect(() => guard.check(2)).toThrow(
      expect.objectContaining({
        name: 'TensorLeak',
        message: expect.stringMatching(
          /^4 more live tensors in epoch 2 than before the first batch \(at most 3 allowed\)/,
        ),
      }),
    );
    tf.dispose(leaked);
  });

  it('stops with OutOfMemory past the byte budget or the heap limit', () => {
    const guard = new MemoryGuard('webgpu', { ...DEFAULT_MEMORY_BUDGET, maxByteGrowth: 2 ** 20 });
    guard.check(1);
    const big = tf.zeros([2 ** 19]); // 2 MB of float32
    expect(() => guard.check(1)).toThrow(
      expect.objectContaining({
        name: 'OutOfMemory',
        message:
          'The webgpu backend ran out of memory (tensor memory grew by 2 MB, over the 1 MB budget) during epoch 1',
      }),
    );
    big.dispose();
    const heapy = new MemoryGuard(
      'cpu',
      DEFAULT_MEMORY_BUDGET,
      probes({
        heap: () => ({ usedJSHeapSize: 3.8 * 2 ** 30, jsHeapSizeLimit: 4 * 2 ** 30 }),
      }),
    );
    expect(() => heapy.check(5)).toThrow(
      /ran out of memory \(the worker uses 3891 MB of its 4096 MB heap\) during epoch 5/,
    );
  });

  it('stops with BackendLost once the device is gone', () => {
    const guard = new MemoryGuard(
      'webgpu',
      DEFAULT_MEMORY_BUDGET,
      probes({
        deviceLoss: () => 'GPU process crashed',
      }),
    );
    expect(() => guard.check(3)).toThrow(
      expect.objectContaining({
        name: 'BackendLost',
        message: 'The webgpu backend stopped (device lost: GPU process crashed) during epoch 3',
      }),
    );
  });

  it('fires a simulated failure once, at its epoch', () => {
    const guard = new MemoryGuard('webgpu', DEFAULT_MEMORY_BUDGET, probes({}));
    simulateFailure({ kind: 'BackendLost', atEpoch: 2 });
    expect(() => guard.check(1)).not.toThrow();
    expect(() => guard.check(2)).toThrow(expect.objectContaining({ name: 'BackendLost' }));
    expect(() => guard.check(2)).not.toThrow();
  });

  it('lets a real training run through with no tensor kept between batches', async () => {
    const { labels, split, part } = splitSmallCatalogue();
    const guard = new MemoryGuard('wasm', {
      maxTensorGrowth: 0,
      maxByteGrowth: 0,
      maxHeapShare: 1,
    });
    let checks = 0;
    const fitted = await fitTextModel(
      undefined,
      {
        labels,
        train: part(split.train),
        validation: part(split.validation),
        options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 },
      },
      { beforeBatch: (epoch) => (guard.check(epoch), (checks += 1)) },
    );
    expect(fitted.history).toHaveLength(3);
    expect(checks).toBe(3 * Math.ceil(split.train.length / DEFAULT_TRAIN_OPTIONS.batchSize));
  });
});

describe('asBackendFailure', () => {
  const running = new AbortController().signal;
  it('types out-of-memory and lost-device errors from a step, and leaves others alone', () => {
    expect(asBackendFailure(new Error('Aborted(OOM)'), 'wasm', 4, running)).toMatchObject({
      name: 'OutOfMemory',
      message: 'The wasm backend ran out of memory (Aborted(OOM)) during epoch 4',
    });
    expect(
      asBackendFailure(new Error('Device was lost during submit'), 'webgpu', null, running),
    ).toMatchObject({
      name: 'BackendLost',
      message:
        'The webgpu backend stopped (device lost: Device was lost during submit) while preparing',
    });
    const other = new Error('Kernel Foo not registered');
    expect(asBackendFailure(other, 'wasm', 1, running)).toBe(other);
  });

  it("keeps the owner's Cancel, and types an AbortError nobody asked for as a lost backend", () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = Object.assign(new Error('out of memory'), { name: 'AbortError' });
    expect(asBackendFailure(cancelled, 'wasm', 1, controller.signal)).toBe(cancelled);
    const interrupted = new DOMException('Mapping was aborted', 'AbortError');
    expect(asBackendFailure(interrupted, 'webgpu', 3, running)).toMatchObject({
      name: 'BackendLost',
      message: 'The webgpu backend stopped (device lost: Mapping was aborted) during epoch 3',
    });
  });
});
