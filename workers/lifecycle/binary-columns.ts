import { appError } from '@shared/errors.ts';

/**
 * Typed-array columns (vocabulary hashes, split positions, predictions) as one binary file
 * plus a list of specs for the JSON beside it: JSON would be several times larger and slow
 * to parse for catalogues of a million rows.
 */
export type Column = Int32Array | Uint32Array | Float32Array;
export type ColumnDtype = 'int32' | 'uint32' | 'float32';

export interface ColumnSpec {
  name: string;
  dtype: ColumnDtype;
  length: number;
}

const dtypeOf = (column: Column): ColumnDtype =>
  column instanceof Int32Array ? 'int32' : column instanceof Uint32Array ? 'uint32' : 'float32';

const CONSTRUCTORS = { int32: Int32Array, uint32: Uint32Array, float32: Float32Array } as const;

export function packColumns(columns: Record<string, Column>): {
  specs: ColumnSpec[];
  bytes: Uint8Array;
} {
  const entries = Object.entries(columns);
  const bytes = new Uint8Array(entries.reduce((sum, [, column]) => sum + column.byteLength, 0));
  let offset = 0;
  const specs = entries.map(([name, column]) => {
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), offset);
    offset += column.byteLength;
    return { name, dtype: dtypeOf(column), length: column.length };
  });
  return { specs, bytes };
}

/**
 * The columns of a packed file, checked against their specs.
 * @throws InvalidInput naming the file when a spec is malformed or the sizes disagree
 */
export function unpackColumns(
  specs: unknown,
  bytes: Uint8Array,
  file: string,
): Map<string, Column> {
  if (!Array.isArray(specs)) throw appError('InvalidInput', `${file}: its column list is missing`);
  const columns = new Map<string, Column>();
  let offset = 0;
  for (const spec of specs as Partial<ColumnSpec>[]) {
    const make = spec.dtype ? CONSTRUCTORS[spec.dtype] : undefined;
    if (typeof spec.name !== 'string' || !make || !Number.isInteger(spec.length))
      throw appError('InvalidInput', `${file}: a column spec is malformed`);
    const size = (spec.length as number) * 4;
    if (offset + size > bytes.byteLength)
      throw appError('InvalidInput', `${file} is shorter than its columns say (${spec.name})`);
    columns.set(spec.name, new make(bytes.slice(offset, offset + size).buffer));
    offset += size;
  }
  if (offset !== bytes.byteLength)
    throw appError('InvalidInput', `${file} is longer than its columns say`);
  return columns;
}

/** A column that must be there with this type. */
export function requireColumn<T extends Column>(
  columns: Map<string, Column>,
  name: string,
  type: new (length: number) => T,
  file: string,
): T {
  const column = columns.get(name);
  if (!(column instanceof type))
    throw appError('InvalidInput', `${file}: column ${name} is missing`);
  return column;
}
