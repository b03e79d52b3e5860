import * as tf from '@tensorflow/tfjs';
import type { SegmentedRows } from '../text/segmented-rows.ts';

/**
 * The product of a batch of sparse rows with the weight table, on the TF.js backend, touching
 * only the table rows the batch uses. The batch's distinct table rows (the bias row last of
 * them for every row) become a compact block of weights; logits are then
 *
 *   segmentSums = sparseSegmentSum(block · columnScales, entryColumn, entrySegment)   [S, C]
 *   logits      = sparseSegmentSum(segmentSums · segmentScale, 0..S-1, segmentRow)     [B, C]
 *
 * which costs entries × classes instead of the rows × distinct features × classes of a dense
 * local batch (97% zeros for 64 titles). The backward pass is the same two sums transposed.
 * Only `sparseSegmentSum` is used for gathering and summing: every backend has it, while wasm
 * lacks UnsortedSegmentSum and its GatherV2 is about 40 times slower per value.
 */
export interface LocalProduct {
  size: number;
  /** Table row of each block column, in first-seen order; the bias row included. */
  tableRows: Int32Array;
  /** Per-feature factor of each block row (IDF; 1 for the bias). */
  columnScales: Float32Array;
  entryColumn: Int32Array;
  entrySegment: Int32Array;
  segmentRow: Int32Array;
  segmentScale: Float32Array;
  /** The entries sorted by column, for the backward pass (built on demand). */
  byColumn: { segment: Int32Array; column: Int32Array } | null;
}

function grownInt(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  return needed <= array.length ? array : new Int32Array(Math.max(needed, array.length * 2));
}

function grownFloat(array: Float32Array<ArrayBuffer>, needed: number): Float32Array<ArrayBuffer> {
  return needed <= array.length ? array : new Float32Array(Math.max(needed, array.length * 2));
}

/**
 * Builds `LocalProduct`s over a table of `biasRow + 1` rows, reusing its buffers from batch
 * to batch. Each product's arrays are views into those buffers, valid until the next build.
 */
export class ProductBuilder {
  private readonly columnOf: Int32Array;
  private tableRows = new Int32Array(4096);
  private columnScales = new Float32Array(4096);
  private entryColumn = new Int32Array(16384);
  private entrySegment = new Int32Array(16384);
  private segmentRow = new Int32Array(1024);
  private segmentScale = new Float32Array(1024);
  private sortedSegment = new Int32Array(16384);
  private sortedColumn = new Int32Array(16384);
  private columnCounts = new Int32Array(4096);

  constructor(private readonly biasRow: number) {
    this.columnOf = new Int32Array(biasRow + 1).fill(-1);
  }

  /**
   * The product for rows `ids[from .. to - 1]` of `rows` (rows `from .. to - 1` without ids),
   * in that order; `forTraining` also sorts its entries by column for the backward pass.
   * `direct`: the entries name table rows themselves and no block is gathered (`tableRows` is
   * empty), for a table kept whole on the backend (see ResidentWeights).
   */
  build(
    rows: SegmentedRows,
    ids: ArrayLike<number> | null,
    from: number,
    to: number,
    forTraining = false,
    direct = false,
  ): LocalProduct {
    const { rowStarts, segmentStarts, scales, features, featureScales } = rows;
    const { columnOf, biasRow } = this;
    const size = to - from;
    let columns = 0;
    let segments = 0;
    let entries = 0;
    for (let b = 0; b < size; b++) {
      const row = ids ? (ids[from + b] as number) : from + b;
      const firstSegment = rowStarts[row] as number;
      const lastSegment = rowStarts[row + 1] as number;
      const rowEntries =
        (segmentStarts[lastSegment] as number) - (segmentStarts[firstSegment] as number);
      this.ensure(
        columns + rowEntries + 1,
        segments + lastSegment - firstSegment + 1,
        entries + rowEntries + 1,
      );
      const { tableRows, columnScales, entryColumn, entrySegment, segmentRow, segmentScale } = this;
      for (let s = firstSegment; s < lastSegment; s++) {
        segmentRow[segments] = b;
        segmentScale[segments] = scales[s] as number;
        const end = segmentStarts[s + 1] as number;
        for (let k = segmentStarts[s] as number; k < end; k++) {
          const feature = features[k] as number;
          if (direct) {
            entryColumn[entries] = feature;
            entrySegment[entries++] = segments;
            continue;
          }
          let column = columnOf[feature] as number;
          if (column < 0) {
            column = columns++;
            columnOf[feature] = column;
            tableRows[column] = feature;
            columnScales[column] = featureScales ? (featureScales[feature] as number) : 1;
          }
          entryColumn[entries] = column;
          entrySegment[entries++] = segments;
        }
        segments++;
      }
      // The bias: a feature of every row, with value 1.
      let column = direct ? biasRow : (columnOf[biasRow] as number);
      if (column < 0) {
        column = columns++;
        columnOf[biasRow] = column;
        tableRows[column] = biasRow;
        columnScales[column] = 1;
      }
      segmentRow[segments] = b;
      segmentScale[segments] = 1;
      entryColumn[entries] = column;
      entrySegment[entries++] = segments++;
    }
    for (let c = 0; c < columns; c++) columnOf[this.tableRows[c] as number] = -1;
    const product: LocalProduct = {
      size,
      tableRows: this.tableRows.subarray(0, columns),
      columnScales: this.columnScales.subarray(0, columns),
      entryColumn: this.entryColumn.subarray(0, entries),
      entrySegment: this.entrySegment.subarray(0, entries),
      segmentRow: this.segmentRow.subarray(0, segments),
      segmentScale: this.segmentScale.subarray(0, segments),
      byColumn: null,
    };
    if (forTraining) product.byColumn = this.sortByColumn(product);
    return product;
  }

  /** The entries of `product` sorted by column (a counting sort), for the backward pass. */
  private sortByColumn(product: LocalProduct): { segment: Int32Array; column: Int32Array } {
    const columns = product.tableRows.length;
    const entries = product.entryColumn.length;
    this.columnCounts = grownInt(this.columnCounts, columns + 1);
    this.sortedSegment = grownInt(this.sortedSegment, entries);
    this.sortedColumn = grownInt(this.sortedColumn, entries);
    const counts = this.columnCounts;
    counts.fill(0, 0, columns + 1);
    const { entryColumn, entrySegment } = product;
    for (let k = 0; k < entries; k++) {
      const c = (entryColumn[k] as number) + 1;
      counts[c] = (counts[c] as number) + 1;
    }
    for (let c = 1; c <= columns; c++)
      counts[c] = (counts[c] as number) + (counts[c - 1] as number);
    const segment = this.sortedSegment;
    const column = this.sortedColumn;
    for (let k = 0; k < entries; k++) {
      const c = entryColumn[k] as number;
      const at = counts[c] as number;
      counts[c] = at + 1;
      segment[at] = entrySegment[k] as number;
      column[at] = c;
    }
    return { segment: segment.subarray(0, entries), column: column.subarray(0, entries) };
  }

  private ensure(columns: number, segments: number, entries: number): void {
    if (columns > this.tableRows.length) {
      const tableRows = grownInt(this.tableRows, columns);
      tableRows.set(this.tableRows);
      this.tableRows = tableRows;
      const columnScales = grownFloat(this.columnScales, columns);
      columnScales.set(this.columnScales);
      this.columnScales = columnScales;
    }
    if (segments > this.segmentRow.length) {
      const segmentRow = grownInt(this.segmentRow, segments);
      segmentRow.set(this.segmentRow);
      this.segmentRow = segmentRow;
      const segmentScale = grownFloat(this.segmentScale, segments);
      segmentScale.set(this.segmentScale);
      this.segmentScale = segmentScale;
    }
    if (entries > this.entryColumn.length) {
      const entryColumn = grownInt(this.entryColumn, entries);
      entryColumn.set(this.entryColumn);
      this.entryColumn = entryColumn;
      const entrySegment = grownInt(this.entrySegment, entries);
      entrySegment.set(this.entrySegment);
      this.entrySegment = entrySegment;
    }
  }
}

/**
 * How a product runs on the backend. 'segments': the two segment sums above, which wasm and cpu
 * run fastest. 'dense': one matMul of the batch's rows as a dense [size, columns] matrix with
 * the block, as the GPU backends run best (their segment sums rely on atomics, which software
 * WebGPU runs far too slowly to train in a test's time).
 */
export type ProductForm = 'segments' | 'dense';

export function productFormFor(backend: string): ProductForm {
  return backend === 'webgpu' || backend === 'webgl' ? 'dense' : 'segments';
}

/** The batch's rows as a dense matrix over the product's columns, row-major [size, columns]. */
export function denseRowMatrix(product: LocalProduct): Float32Array {
  const columns = product.tableRows.length;
  const matrix = new Float32Array(product.size * columns);
  const { entryColumn, entrySegment, segmentRow, segmentScale } = product;
  for (let e = 0; e < entryColumn.length; e++) {
    const segment = entrySegment[e] as number;
    const at = (segmentRow[segment] as number) * columns + (entryColumn[e] as number);
    matrix[at] = (matrix[at] as number) + (segmentScale[segment] as number);
  }
  return matrix;
}

/** The tensors of one product that both passes use. */
export interface ProductTensors {
  /** With the dense form: the batch's rows over the product's columns, [size, columns]. */
  rowMatrix: tf.Tensor2D | null;
  /** The block of weights, each row already times its column's scale, [columns, classes]. */
  scaledBlock: tf.Tensor2D;
  entryColumn: tf.Tensor1D;
  entrySegment: tf.Tensor1D;
  segmentRow: tf.Tensor1D;
  segmentScale: tf.Tensor2D;
  segmentIds: tf.Tensor1D;
}

/** A block of weights times each row's `columnScales` (the product's scaled block). */
export function scaledBlockOf(product: LocalProduct, block: tf.Tensor2D): tf.Tensor2D {
  return block.mul(tf.tensor2d(product.columnScales, [product.tableRows.length, 1]));
}

/**
 * Uploads a product and its scaled block of weights (`scaledBlockOf`, or a training table's
 * `gather` with the product's column scales); call inside `tf.tidy`.
 */
export function productTensors(
  product: LocalProduct,
  scaledBlock: tf.Tensor2D,
  form: ProductForm = productFormFor(tf.getBackend()),
): ProductTensors {
  const segments = product.segmentRow.length;
  const columns = product.tableRows.length;
  return {
    rowMatrix:
      form === 'dense' ? tf.tensor2d(denseRowMatrix(product), [product.size, columns]) : null,
    scaledBlock,
    entryColumn: tf.tensor1d(product.entryColumn, 'int32'),
    entrySegment: tf.tensor1d(product.entrySegment, 'int32'),
    segmentRow: tf.tensor1d(product.segmentRow, 'int32'),
    segmentScale: tf.tensor2d(product.segmentScale, [segments, 1]),
    segmentIds: tf.range(0, segments, 1, 'int32') as tf.Tensor1D,
  };
}

/** Logits [size, classes] of the product's rows. */
export function productLogits(t: ProductTensors): tf.Tensor2D {
  if (t.rowMatrix) return tf.matMul(t.rowMatrix, t.scaledBlock);
  return sumSegments(t.scaledBlock, t);
}

/** The two segment sums over `scaled`, whose rows the entries name, already times their scale. */
function sumSegments(
  scaled: tf.Tensor2D,
  t: Pick<
    ProductTensors,
    'entryColumn' | 'entrySegment' | 'segmentScale' | 'segmentIds' | 'segmentRow'
  >,
): tf.Tensor2D {
  const bySegment = tf.sparse.sparseSegmentSum(scaled, t.entryColumn, t.entrySegment);
  return tf.sparse.sparseSegmentSum(
    bySegment.mul(t.segmentScale),
    t.segmentIds,
    t.segmentRow,
  ) as tf.Tensor2D;
}

/**
 * Logits of a product built `direct`, over the whole table already times each feature's
 * scale (kept on the backend); call inside `tf.tidy`.
 */
export function directLogits(table: tf.Tensor2D, product: LocalProduct): tf.Tensor2D {
  const segments = product.segmentRow.length;
  return sumSegments(table, {
    entryColumn: tf.tensor1d(product.entryColumn, 'int32'),
    entrySegment: tf.tensor1d(product.entrySegment, 'int32'),
    segmentScale: tf.tensor2d(product.segmentScale, [segments, 1]),
    segmentIds: tf.range(0, segments, 1, 'int32') as tf.Tensor1D,
    segmentRow: tf.tensor1d(product.segmentRow, 'int32'),
  });
}

/**
 * The gradient of a loss with respect to the scaled block, given its gradient with respect to
 * the logits: the transpose of `productLogits`, summed over each column's entries. (The
 * weights' own gradient is that times each row's column scale; the training table's Adam
 * step applies it, so that no second pass over the block runs here.)
 */
export function blockGradientOf(
  t: ProductTensors,
  product: LocalProduct,
  logitGradient: tf.Tensor2D,
): tf.Tensor2D {
  if (t.rowMatrix) return tf.matMul(t.rowMatrix, logitGradient, true, false);
  const byColumn = product.byColumn;
  if (!byColumn) throw new Error('blockGradientOf: build the product with forTraining');
  // Each segment's row of the logit gradient (a segment sum with one row per segment is a gather).
  const perSegment = tf.sparse
    .sparseSegmentSum(logitGradient, t.segmentRow, t.segmentIds)
    .mul(t.segmentScale);
  return tf.sparse.sparseSegmentSum(
    perSegment,
    tf.tensor1d(byColumn.segment, 'int32'),
    tf.tensor1d(byColumn.column, 'int32'),
  ) as tf.Tensor2D;
}
