import type { SavedTensor } from '@shared/db/records/model.ts';
import { applyLazyAdam, type AdamSettings, type LazyAdamState } from './lazy-adam.ts';
import { createLinearModel, type LinearModel } from './linear-model.ts';
import { gatherRows } from './local-batch.ts';
import { LazyAverage } from './running-average.ts';
import { TABLE_KERNELS_BASE64 } from './table-kernels-wasm.ts';

interface Kernels {
  memory: WebAssembly.Memory;
  gather(
    table: number,
    stride: number,
    rows: number,
    count: number,
    width: number,
    scales: number,
    out: number,
  ): void;
  adam(
    table: number,
    stride: number,
    gradient: number,
    rows: number,
    count: number,
    width: number,
    scales: number,
    l2: number,
    stepSize: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    averaged: number,
    credited: number,
    snapshots: number,
  ): void;
  mean(
    table: number,
    stride: number,
    first: number,
    count: number,
    width: number,
    averaged: number,
    credited: number,
    snapshots: number,
    out: number,
  ): void;
  load(
    table: number,
    stride: number,
    first: number,
    count: number,
    width: number,
    from: number,
  ): void;
}

let kernelModule: WebAssembly.Module | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is missing (JavaScript loops then). */
function compiledKernels(): WebAssembly.Module | null {
  if (kernelModule !== undefined) return kernelModule;
  const bytes = Uint8Array.from(atob(TABLE_KERNELS_BASE64), (c) => c.charCodeAt(0));
  kernelModule =
    typeof WebAssembly === 'object' && WebAssembly.validate(bytes)
      ? new WebAssembly.Module(bytes)
      : null;
  return kernelModule;
}

const PAGE_BYTES = 65536;

/** Byte offsets of the table, the average's bookkeeping and the scratch space, in that order. */
interface Layout {
  /** Bytes per table row: weights, first and second moment, and the average's sum. */
  stride: number;
  credited: number;
  scratchRows: number;
  /** Each scratch row's scale (its feature's factor), beside its table row. */
  scratchScales: number;
  scratchBlock: number;
  /** Rows the scratch space holds. */
  scratchCapacity: number;
  end: number;
}

function layoutFor(rows: number, width: number, average: boolean, scratchCapacity: number): Layout {
  const stride = width * 4 * (average ? 4 : 3);
  const credited = rows * stride;
  const scratchRows = credited + (average ? rows * 4 : 0);
  const scratchScales = scratchRows + scratchCapacity * 4;
  const scratchBlock = scratchScales + scratchCapacity * 4;
  return {
    stride,
    credited,
    scratchRows,
    scratchScales,
    scratchBlock,
    scratchCapacity,
    end: scratchBlock + scratchCapacity * width * 4,
  };
}

/** Rows of scratch space to start with; it grows when a batch touches more. */
const INITIAL_SCRATCH_ROWS = 16384;

/**
 * A linear model being trained: its weight table, Adam's moments and the running average of
 * the weights, with the per-step work on them (gathering a batch's rows, the lazy Adam update,
 * crediting the average) done by small SIMD kernels in one WebAssembly memory. That work is
 * most of a step once the sparse product runs on the backend; in JavaScript loops it costs
 * 7 to 12 ns a value, which remain as the fallback where WebAssembly SIMD is missing.
 */
export class TrainingTable {
  readonly rows: number;
  snapshots = 0;
  /** Adam steps taken. */
  steps = 0;
  private readonly kernels: Kernels | null;
  private layout: Layout;
  private buffer: ArrayBuffer | null = null;
  private scratchRowsView!: Int32Array;
  private scratchScalesView!: Float32Array;
  private scratchBlockView!: Float32Array;
  /** The JavaScript fallback: plain arrays. */
  private readonly fallback: {
    model: LinearModel;
    state: LazyAdamState;
    average: LazyAverage | null;
  } | null;

  constructor(
    readonly featureCount: number,
    readonly width: number,
    private readonly averaged: boolean,
    saved?: readonly SavedTensor[],
  ) {
    this.rows = featureCount + 1;
    const module = compiledKernels();
    this.layout = layoutFor(this.rows, width, averaged, Math.min(this.rows, INITIAL_SCRATCH_ROWS));
    if (!module) {
      const initial = createLinearModel(featureCount, width, saved);
      this.kernels = null;
      this.fallback = {
        model: initial,
        state: {
          firstMoment: new Float32Array(initial.weights.length),
          secondMoment: new Float32Array(initial.weights.length),
          step: 0,
        },
        average: averaged ? new LazyAverage(initial.weights, width) : null,
      };
      return;
    }
    const memory = new WebAssembly.Memory({ initial: Math.ceil(this.layout.end / PAGE_BYTES) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.kernels = { ...(instance.exports as unknown as Omit<Kernels, 'memory'>), memory };
    this.fallback = null;
    this.refreshViews();
    // A fresh memory is all zeros, the start of a run without saved weights: copying zeros over
    // a table of hundreds of megabytes would only touch every page of it.
    if (!saved) return;
    const initial = createLinearModel(featureCount, width, saved);
    const capacity = this.layout.scratchCapacity;
    for (let first = 0; first < this.rows; first += capacity) {
      const count = Math.min(capacity, this.rows - first);
      this.scratchBlockView.set(initial.weights.subarray(first * width, (first + count) * width));
      const l = this.layout;
      this.kernels.load(0, l.stride, first, count, width, l.scratchBlock);
    }
  }

  /** True when the SIMD kernels do the work (false: the JavaScript fallback). */
  get accelerated(): boolean {
    return this.kernels !== null;
  }

  /**
   * The block of weights of `tableRows`, each row times its scale (its feature's factor, as the
   * product reads it; all 1 when `scales` is omitted): a view, valid until the next call.
   */
  gather(tableRows: Int32Array, scales?: Float32Array): Float32Array {
    const { kernels, width, fallback } = this;
    if (!kernels) {
      const { weights } = (fallback as NonNullable<typeof fallback>).model;
      const block = gatherRows(weights, width, tableRows);
      if (scales) scaleBlockRows(block, width, scales);
      return block;
    }
    this.stageRows(tableRows, scales);
    const l = this.layout;
    kernels.gather(
      0,
      l.stride,
      l.scratchRows,
      tableRows.length,
      width,
      l.scratchScales,
      l.scratchBlock,
    );
    return this.scratchBlockView.subarray(0, tableRows.length * width);
  }

  /**
   * One Adam step on `tableRows` from the gradient of their block as `gather` gave it (scaled
   * by `scales`), with L2 decay `l2` on those rows; `step` counts from 1.
   */
  adam(
    tableRows: Int32Array,
    gradient: Float32Array,
    settings: AdamSettings,
    step: number,
    scales?: Float32Array,
    l2 = 0,
  ): void {
    const { kernels, width, fallback } = this;
    const { learningRate, beta1, beta2, epsilon } = settings;
    if (!kernels) {
      const { model, state, average } = fallback as NonNullable<typeof fallback>;
      state.step = step - 1;
      if (average) average.snapshots = this.snapshots;
      const weightGradient =
        scales || l2 ? gradientOfRows(model, tableRows, gradient, scales, l2) : gradient;
      applyLazyAdam(model, state, tableRows, weightGradient, settings, average ?? undefined);
      return;
    }
    this.stageRows(tableRows, scales);
    // A gradient written over the block `gather` returned is in place already.
    const scratch = this.scratchBlockView;
    if (gradient.buffer !== scratch.buffer || gradient.byteOffset !== scratch.byteOffset)
      scratch.set(gradient);
    const stepSize = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    const l = this.layout;
    kernels.adam(
      0,
      l.stride,
      l.scratchBlock,
      l.scratchRows,
      tableRows.length,
      width,
      l.scratchScales,
      l2,
      stepSize,
      beta1,
      beta2,
      epsilon,
      this.averaged ? 1 : 0,
      l.credited,
      this.snapshots,
    );
  }

  /** Counts the table as it is now as one more snapshot of the running average. */
  snapshot(): void {
    this.snapshots++;
  }

  /**
   * The running average (the weights themselves before any snapshot, or without averaging)
   * as a plain row-major table, written into `out`.
   */
  meanInto(out: Float32Array = new Float32Array(this.rows * this.width)): Float32Array {
    const { kernels, fallback, width, rows } = this;
    const averaged = this.averaged && this.snapshots > 0;
    if (!kernels) {
      const { model, average } = fallback as NonNullable<typeof fallback>;
      if (!averaged || !average) {
        out.set(model.weights);
        return out;
      }
      average.snapshots = this.snapshots;
      return average.meanInto(out);
    }
    const capacity = this.layout.scratchCapacity;
    for (let first = 0; first < rows; first += capacity) {
      const count = Math.min(capacity, rows - first);
      const l = this.layout;
      kernels.mean(
        0,
        l.stride,
        first,
        count,
        width,
        averaged ? 1 : 0,
        l.credited,
        this.snapshots,
        l.scratchBlock,
      );
      this.refreshViews();
      out.set(this.scratchBlockView.subarray(0, count * width), first * width);
    }
    return out;
  }

  /** The model the table holds now: `meanInto`'s weights. */
  currentModel(out?: Float32Array): LinearModel {
    return { featureCount: this.featureCount, classCount: this.width, weights: this.meanInto(out) };
  }

  /** Puts `tableRows` and their scales (1 when omitted) in the scratch space. */
  private stageRows(tableRows: Int32Array, scales: Float32Array | undefined): void {
    this.ensureScratch(tableRows.length);
    this.scratchRowsView.set(tableRows);
    if (scales) this.scratchScalesView.set(scales.subarray(0, tableRows.length));
    else this.scratchScalesView.fill(1, 0, tableRows.length);
  }

  private ensureScratch(rows: number): void {
    if (rows <= this.layout.scratchCapacity) return;
    const kernels = this.kernels as Kernels;
    const capacity = Math.max(rows, Math.min(this.rows, this.layout.scratchCapacity * 2));
    this.layout = layoutFor(this.rows, this.width, this.averaged, capacity);
    const needed =
      Math.ceil(this.layout.end / PAGE_BYTES) - kernels.memory.buffer.byteLength / PAGE_BYTES;
    if (needed > 0) kernels.memory.grow(needed);
    // The scratch space moved: every view is made again.
    this.buffer = null;
    this.refreshViews();
  }

  private refreshViews(): void {
    const kernels = this.kernels;
    if (!kernels || this.buffer === kernels.memory.buffer) return;
    const buffer = kernels.memory.buffer as ArrayBuffer;
    const l = this.layout;
    this.buffer = buffer;
    this.scratchRowsView = new Int32Array(buffer, l.scratchRows, l.scratchCapacity);
    this.scratchScalesView = new Float32Array(buffer, l.scratchScales, l.scratchCapacity);
    this.scratchBlockView = new Float32Array(
      buffer,
      l.scratchBlock,
      l.scratchCapacity * this.width,
    );
  }
}

/** Multiplies each row of a packed block by its scale, in place. */
function scaleBlockRows(block: Float32Array, width: number, scales: Float32Array): void {
  for (let i = 0; i * width < block.length; i++) {
    const scale = scales[i] as number;
    for (let at = i * width; at < (i + 1) * width; at++)
      block[at] = Math.fround((block[at] as number) * scale);
  }
}

/**
 * The kernels' gradient of the weights in JavaScript: the scaled block's gradient times each
 * row's scale, plus l2 times the row's weights (each product rounded to float32, as there).
 */
function gradientOfRows(
  model: LinearModel,
  tableRows: Int32Array,
  gradient: Float32Array,
  scales: Float32Array | undefined,
  l2: number,
): Float32Array {
  const width = model.classCount;
  const out = new Float32Array(gradient.length);
  for (let i = 0; i < tableRows.length; i++) {
    const scale = scales ? (scales[i] as number) : 1;
    const base = (tableRows[i] as number) * width;
    for (let c = 0; c < width; c++) {
      const scaled = Math.fround((gradient[i * width + c] as number) * scale);
      const decay = Math.fround((model.weights[base + c] as number) * l2);
      out[i * width + c] = scaled + decay;
    }
  }
  return out;
}
