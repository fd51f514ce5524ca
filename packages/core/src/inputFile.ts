import { open, stat } from 'node:fs/promises';
import { DataError, ResourceError, ValidationError } from './errors.js';
import { fileSystemError } from './fileSystemError.js';
import { formatBytes } from './resourceLimits.js';

/** Options of {@link readInputFile} and {@link readTextFile}. */
export interface InputFileOptions {
  /** What the file is, for messages ("problem file", "config file"). */
  readonly what: string;
  /** The largest file accepted, in bytes (default 256 MiB). */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 2 ** 20;

/**
 * Reads a user-named input file with bounded work: it must be a regular file (a folder, a FIFO
 * or a device such as /dev/zero is refused before reading, so nothing can hang) no larger than
 * `maxBytes`; file-system failures name the path (see {@link fileSystemError}).
 */
export async function readInputFile(path: string, options: InputFileOptions): Promise<Uint8Array> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fileSystemError(err, `read the ${options.what}`, path);
  }
  if (!info.isFile()) {
    const kind = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a pipe' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isSocket() ? 'a socket' : 'not a regular file';
    throw new ValidationError({ what: `The ${options.what} ${path} is ${kind}`, why: `a ${options.what} is a regular file`, fix: 'Pass the path of a file' });
  }
  if (info.size > max) {
    throw new ResourceError({ what: `The ${options.what} ${path} is ${formatBytes(info.size)}`, why: `${options.what}s are read whole and limited to ${formatBytes(max)}`, fix: 'Check that this is the right file' });
  }
  try {
    // Read at most max + 1 bytes: a file that grows while it is read cannot take more.
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(Math.min(max + 1, Math.max(info.size, 0) + 1));
      let at = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
        if (at === buf.length) break;
      }
      if (at > max) throw new ResourceError({ what: `The ${options.what} ${path} grew past ${formatBytes(max)} while being read`, why: `${options.what}s are limited to ${formatBytes(max)}`, fix: 'Check that this is the right file' });
      return buf.subarray(0, at);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw fileSystemError(err, `read the ${options.what}`, path);
  }
}

/**
 * Reads a user-named text file as {@link readInputFile} does and decodes it as UTF-8 (a byte
 * order mark is dropped); bytes that are not UTF-8 are a DataError, not replacement characters.
 */
export async function readTextFile(path: string, options: InputFileOptions): Promise<string> {
  const bytes = await readInputFile(path, options);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new DataError({ what: `The ${options.what} ${path} is not UTF-8 text`, why: 'it holds bytes that are not valid UTF-8 (a binary file, or another encoding)', fix: 'Pass a text file saved as UTF-8', cause });
  }
}
