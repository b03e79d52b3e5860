import * as tf from '@tensorflow/tfjs';
import { appError, type ErrorCode } from '@shared/errors.ts';
import type { SimulatedFailure } from '@shared/contracts/train.ts';
import { deviceLossReason } from './device-loss.ts';

/** How much a training run may grow once it has started, before it is stopped. */
export interface MemoryBudget {
  /**
   * Live tensors above the count before the first batch. Training code disposes every tensor
   * of a batch, so any steady growth is a leak that would end in an out-of-memory crash.
   */
  maxTensorGrowth: number;
  /** Bytes of tensor memory above the same baseline. */
  maxByteGrowth: number;
  /** Share of the JS heap limit (where the browser reports it) the worker may use. */
  maxHeapShare: number;
}

export const DEFAULT_MEMORY_BUDGET: MemoryBudget = {
  maxTensorGrowth: 64,
  maxByteGrowth: 512 * 2 ** 20,
  maxHeapShare: 0.9,
};

/** Chromium's non-standard performance.memory; absent elsewhere. */
interface HeapFigures {
  usedJSHeapSize: number;
  jsHeapSizeLimit: number;
}

export interface MemoryProbes {
  tensors: () => { numTensors: number; numBytes: number };
  heap: () => HeapFigures | null;
  deviceLoss: () => string | null;
}

const BROWSER_PROBES: MemoryProbes = {
  tensors: () => tf.memory(),
  heap: () => (performance as Performance & { memory?: HeapFigures }).memory ?? null,
  deviceLoss: deviceLossReason,
};

/** A failure the next batch check throws, so tests can drive the recovery path for real. */
let pendingFailure: SimulatedFailure | null = null;

/** Test hook: the first batch of epoch `atEpoch` or later fails as `kind` would. */
export function simulateFailure(failure: SimulatedFailure | null): void {
  pendingFailure = failure;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * Checked between batches: stops a run whose device is lost, whose tensors leak, or whose
 * memory outgrows the budget, with an error named BackendLost, TensorLeak or OutOfMemory.
 */
export class MemoryGuard {
  private baseline: { numTensors: number; numBytes: number } | null = null;
  /** The epoch of the latest check, to say where a failure happened; null before the first. */
  epoch: number | null = null;

  constructor(
    private readonly backend: string,
    private readonly budget: MemoryBudget = DEFAULT_MEMORY_BUDGET,
    private readonly probes: MemoryProbes = BROWSER_PROBES,
  ) {}

  /** @throws BackendLost, OutOfMemory, TensorLeak */
  check(epoch: number): void {
    this.epoch = epoch;
    if (pendingFailure && epoch >= pendingFailure.atEpoch) {
      const { kind } = pendingFailure;
      pendingFailure = null;
      throw failure(kind, this.backend, `during epoch ${epoch}`, 'simulated for a test');
    }
    const lostReason = this.probes.deviceLoss();
    if (lostReason) throw failure('BackendLost', this.backend, `during epoch ${epoch}`, lostReason);
    const now = this.probes.tensors();
    this.baseline ??= now;
    const extraTensors = now.numTensors - this.baseline.numTensors;
    if (extraTensors > this.budget.maxTensorGrowth)
      throw appError(
        'TensorLeak',
        `${extraTensors} more live tensors in epoch ${epoch} than before the first batch (at most ${this.budget.maxTensorGrowth} allowed): training leaks memory on ${this.backend}. The last checkpoint is kept`,
      );
    const extraBytes = now.numBytes - this.baseline.numBytes;
    if (extraBytes > this.budget.maxByteGrowth)
      throw failure(
        'OutOfMemory',
        this.backend,
        `during epoch ${epoch}`,
        `tensor memory grew by ${megabytes(extraBytes)}, over the ${megabytes(this.budget.maxByteGrowth)} budget`,
      );
    const heap = this.probes.heap();
    if (heap && heap.usedJSHeapSize > heap.jsHeapSizeLimit * this.budget.maxHeapShare)
      throw failure(
        'OutOfMemory',
        this.backend,
        `during epoch ${epoch}`,
        `the worker uses ${megabytes(heap.usedJSHeapSize)} of its ${megabytes(heap.jsHeapSizeLimit)} heap`,
      );
  }
}

type RecoverableCode = Extract<ErrorCode, 'BackendLost' | 'OutOfMemory'>;

function failure(kind: RecoverableCode, backend: string, where: string, detail: string): Error {
  const what =
    kind === 'BackendLost' ? `stopped (device lost: ${detail})` : `ran out of memory (${detail})`;
  return appError(kind, `The ${backend} backend ${what} ${where}`);
}

const OUT_OF_MEMORY =
  /out of memory|\bOOM\b|allocation failed|failed to allocate|cannot enlarge memory|memory access out of bounds|Array buffer allocation/i;
const DEVICE_LOST =
  /device (?:was |is |has been )?lost|context (?:was |is )?lost|GPU ?device.*(?:destroyed|lost)/i;

/**
 * What a raw error from a training step means: the backend's device went away, or memory ran
 * out (both recoverable on another backend), or something else, which is returned unchanged.
 */
export function asBackendFailure(
  error: unknown,
  backend: string,
  epoch: number | null,
  signal: AbortSignal | undefined,
): unknown {
  if (!(error instanceof Error)) return error;
  const where = epoch === null ? 'while preparing' : `during epoch ${epoch}`;
  // An AbortError nobody asked for comes from the backend (WebGPU rejects an interrupted
  // buffer read so): shown as Cancel, it would hide a failure the page can recover from.
  if (error.name === 'AbortError' && !signal?.aborted)
    return failure('BackendLost', backend, where, error.message || 'a read was interrupted');
  if (['BackendLost', 'OutOfMemory', 'TensorLeak', 'AbortError'].includes(error.name)) return error;
  const lostReason = deviceLossReason();
  if (lostReason || DEVICE_LOST.test(error.message))
    return failure('BackendLost', backend, where, lostReason ?? error.message);
  if (OUT_OF_MEMORY.test(error.message))
    return failure('OutOfMemory', backend, where, error.message);
  return error;
}
