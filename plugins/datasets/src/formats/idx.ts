import { bytes, fileError, hex32 } from './dataError.js';

/** An IDX array of unsigned bytes (the only IDX type MNIST-like data sets use). */
export interface IdxArray {
  /** Dimension sizes from the header, e.g. [60000, 28, 28]. */
  readonly dims: readonly number[];
  /** The body, `prod(dims)` bytes, a view into the file's buffer (no copy). */
  readonly data: Uint8Array;
}

const TYPE_UBYTE = 0x08;

/**
 * Parses an IDX file (LeCun's format: 2 zero bytes, a type byte, the number of dimensions, then
 * one big-endian uint32 per dimension and the row-major body).
 *
 * `ndim` is the number of dimensions the caller needs (3 for images, 1 for labels); a file with
 * another count, another element type or a body of the wrong length is a DataError that names
 * the file and the expected and found values. Trailing bytes are an error too: they mean the file
 * is not what its header says.
 */
export function parseIdx(data: Uint8Array, file: string, ndim: number): IdxArray {
  const expectedMagic = (TYPE_UBYTE << 8) | ndim;
  if (data.length === 0) throw fileError(file, 'the file is empty', `an IDX file starting with magic number ${hex32(expectedMagic)}`, bytes(0));
  if (data.length < 4) throw fileError(file, 'truncated IDX header', `at least 4 bytes for the magic number`, bytes(data.length));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const what = data[0] !== 0 || data[1] !== 0 ? 'wrong magic number (not an IDX file)' : data[2] !== TYPE_UBYTE ? 'wrong magic number (element type is not unsigned byte)' : 'wrong magic number (wrong number of dimensions)';
    throw fileError(file, what, `${hex32(expectedMagic)} (unsigned bytes, ${ndim} dimension${ndim === 1 ? '' : 's'})`, hex32(magic));
  }
  const headerBytes = 4 + 4 * ndim;
  if (data.length < headerBytes) throw fileError(file, 'truncated IDX header', `${bytes(headerBytes)} of header for ${ndim} dimension(s)`, bytes(data.length));
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  const body = data.length - headerBytes;
  if (body < size) throw fileError(file, 'truncated IDX body', `${bytes(size)} for dimensions ${dims.join(' x ')}`, bytes(body));
  if (body > size) throw fileError(file, 'IDX body longer than its header says', `${bytes(size)} for dimensions ${dims.join(' x ')}`, bytes(body));
  return { dims, data: data.subarray(headerBytes) };
}
