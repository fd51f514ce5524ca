import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { bytes, fileError } from './dataError.js';

const gunzipAsync = promisify(gunzip);

/** True when `data` starts with the gzip magic bytes 1f 8b. */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** The most bytes a data file may inflate to (the largest real one, CIFAR-10's tarball content, is ~180 MB). */
export const MAX_INFLATED_BYTES = 2 ** 30;

/**
 * Returns the decompressed bytes of a `.gz` file, or `data` itself for a raw file. Inflating
 * stops at `maxBytes` (default {@link MAX_INFLATED_BYTES}), so a gzip bomb is a DataError,
 * not an exhausted memory.
 *
 * A file whose name ends in `.gz` must be gzip; a raw name may still hold gzip (some mirrors
 * serve compressed bodies under raw names), so the magic bytes decide. Inflating runs on
 * libuv's thread pool so that loading one split does not block others.
 */
export async function decompressIfGzip(data: Uint8Array, file: string, maxBytes = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  if (data.length === 0) throw fileError(file, 'the file is empty', 'a data file', bytes(0));
  if (file.endsWith('.gz') && !isGzip(data)) {
    const head = Array.from(data.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw fileError(file, 'not a gzip file although its name ends in .gz', 'the gzip magic bytes 1f 8b', head);
  }
  if (!isGzip(data)) return data;
  try {
    const out = await gunzipAsync(data, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw fileError(file, 'the gzip stream inflates to more than the limit', `at most ${bytes(maxBytes)} of content`, `more (${bytes(data.length)} compressed)`, err);
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw fileError(file, 'the gzip stream does not inflate', 'a complete, valid gzip stream', `zlib error "${reason}" (${bytes(data.length)} compressed)`, err);
  }
}
