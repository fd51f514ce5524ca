import { UnsupportedError, ValidationError, describeValue } from '../errors.js';
import { checkAllocation } from '../resourceLimits.js';

/**
 * dimod's serialised NumPy array (`dimod.serialization.utils.serialize_ndarray` with
 * `use_bytes=False`): `data` is `ndarray.tolist()` (nested lists, one level per dimension;
 * floats that are whole numbers written as integers), `shape` the dimensions.
 */
export interface DimodArrayJSON {
  readonly type: 'array';
  readonly data: unknown[];
  readonly data_type: string;
  readonly shape: readonly number[];
  readonly use_bytes: false;
}

/** A parsed array: values row-major, as float64 (booleans as 0/1). */
export interface ParsedArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  readonly dataType: string;
}

const NUMERIC_TYPES = new Set(['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64']);

/** Writes a flat row-major array as dimod's serialised array. */
export function toDimodArray(flat: ArrayLike<number>, shape: readonly number[], dataType: string): DimodArrayJSON {
  const nest = (offset: number, dim: number): unknown[] => {
    const size = shape[dim]!;
    if (dim === shape.length - 1) return Array.from({ length: size }, (_, k) => flat[offset + k]);
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: size }, (_, k) => nest(offset + k * stride, dim + 1));
  };
  return { type: 'array', data: shape.length === 0 ? [] : nest(0, 0), data_type: dataType, shape: [...shape], use_bytes: false };
}

/**
 * Reads dimod's serialised array, checking the nesting against `shape` before allocating, and
 * every value against the declared type. `where` names the field for errors; `fix` says how to
 * get a good document.
 */
export function fromDimodArray(value: unknown, where: string, fix: string): ParsedArray {
  const o = value as Partial<DimodArrayJSON> | null;
  const bad = (what: string, why: string): never => {
    throw new ValidationError({ what: `${where}: ${what}`, why, fix });
  };
  if (typeof o !== 'object' || o === null || o.type !== 'array') bad(`is ${describeValue(value)}`, 'expected a serialised array {"type": "array", "data", "data_type", "shape", "use_bytes"}');
  if ((o!.use_bytes as unknown) === true) {
    throw new UnsupportedError({ what: `${where} is stored as bytes (use_bytes=True)`, why: 'JSON cannot hold raw bytes, so hqml reads the list form only', fix: 'Write it with to_serializable(use_bytes=False), the default' });
  }
  const dataType = o!.data_type as string;
  if (typeof dataType !== 'string' || !NUMERIC_TYPES.has(dataType)) bad(`data_type is ${describeValue(dataType)}`, `hqml reads ${[...NUMERIC_TYPES].join(', ')}`);
  const shape = o!.shape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > 8 || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    bad(`shape is ${describeValue(shape)}`, 'a shape is a list of 1 to 8 non-negative integers');
  }
  const dims = shape as number[];
  if (!Array.isArray(o!.data)) bad(`data is ${describeValue(o!.data)}`, 'data is a (nested) list');
  // Walk the nesting first: a shape that promises more than the lists hold fails here, before allocation.
  const check = (node: unknown, dim: number, path: string): void => {
    if (!Array.isArray(node)) bad(`data${path} is ${describeValue(node)}`, `expected a list of ${dims[dim]} entries (shape ${JSON.stringify(dims)})`);
    const arr = node as unknown[];
    if (arr.length !== dims[dim]) bad(`data${path} has ${arr.length} entries`, `shape ${JSON.stringify(dims)} says ${dims[dim]}`);
    if (dim + 1 < dims.length) for (let k = 0; k < arr.length; k++) check(arr[k], dim + 1, `${path}[${k}]`);
  };
  check(o!.data, 0, '');
  const count = dims.reduce((a, b) => a * b, 1);
  checkAllocation(where, [{ what: 'values', count, bytesPerElement: 8 }], fix);
  const out = new Float64Array(count);
  let at = 0;
  const integer = dataType.startsWith('int') || dataType.startsWith('uint');
  const fill = (node: unknown[], dim: number): void => {
    if (dim + 1 < dims.length) {
      for (const child of node) fill(child as unknown[], dim + 1);
      return;
    }
    for (const v of node) {
      let x: number;
      if (dataType === 'bool' && typeof v === 'boolean') x = v ? 1 : 0;
      else if (typeof v === 'number' && Number.isFinite(v)) x = v;
      else return bad(`data value ${at} is ${describeValue(v)}`, `expected a finite ${dataType} value`);
      if (integer && !Number.isInteger(x)) bad(`data value ${at} is ${x}`, `${dataType} values are integers`);
      if (dataType.startsWith('uint') && x < 0) bad(`data value ${at} is ${x}`, `${dataType} values are not negative`);
      out[at++] = x;
    }
  };
  fill(o!.data as unknown[], 0);
  return { data: out, shape: dims, dataType };
}
