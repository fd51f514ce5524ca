import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { fileSystemError } from './fileSystemError.js';

/**
 * Writes a file atomically: to a temporary name in the same folder, flushed to disk, then
 * renamed over the target. A crash leaves either the old file or the new one, never half.
 * File-system failures (ENOTDIR, EACCES, EPERM, ENOSPC, ...) become hqml errors naming the
 * target path; the temporary file is removed.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (err) {
    throw fileSystemError(err, `create the folder of`, file);
  }
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileSystemError(err, 'write', file, false);
  }
}
