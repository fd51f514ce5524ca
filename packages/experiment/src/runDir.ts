import { constants } from 'node:fs';
import { access, mkdir, open, stat, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HqmlError, ValidationError } from '@hqml/core';
import { type LockRecord, ownLockRecord, processAlive, readLock, tryCreateLock } from './fileLock.js';

async function statOrNull(p: string) {
  try {
    return await stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return 'notdir' as const;
    throw e;
  }
}

/**
 * Checks, without creating anything, that `dir` is a directory that can be written or can be
 * created: the path exists as a directory, or its nearest existing ancestor is a writable
 * directory. A probe file is written and removed in that directory, which catches read-only
 * file systems and permissions that `access` alone misreports for root.
 */
export async function checkWritableDir(dir: string, what = 'run directory'): Promise<void> {
  const target = resolve(dir);
  const fail = (why: string, fix = `Choose another ${what} (--run-dir) or fix the permissions`): never => {
    throw new ValidationError({ what: `The ${what} ${target} cannot be written`, why, fix });
  };
  let p = target;
  for (;;) {
    const s = await statOrNull(p);
    if (s === 'notdir') return fail(`a part of the path above ${p} is a file, not a directory`);
    if (s !== null) {
      if (!s.isDirectory()) fail(p === target ? 'it exists and is a file, not a directory' : `${p} is a file, not a directory`);
      break;
    }
    const up = dirname(p);
    if (up === p) fail('no part of the path exists');
    p = up;
  }
  try {
    await access(p, constants.W_OK | constants.X_OK);
    const probe = join(p, `.hqml-write-probe-${process.pid}-${Date.now()}`);
    const h = await open(probe, 'wx');
    await h.close();
    await unlink(probe);
  } catch (e) {
    fail(`${p === target ? 'it' : `its existing parent ${p}`} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * An exclusive lock on a run directory: a second process that writes into the same directory is
 * refused with a clear message instead of two runs overwriting each other's cells. A lock left
 * by a process that no longer runs (killed) is taken over, with a warning.
 */
export class RunLock {
  private released = false;
  private readonly onExit = (): void => {
    try {
      unlinkSync(this.file);
    } catch {
      // already gone
    }
  };

  private constructor(readonly file: string) {
    process.once('exit', this.onExit);
  }

  /** The lock file of a run directory. */
  static fileOf(runDir: string): string {
    return join(resolve(runDir), '.hqml-run.lock');
  }

  /** Creates `runDir` if needed and takes its lock; `warn` receives a note when a stale lock is replaced. */
  static async acquire(runDir: string, warn: (line: string) => void = () => {}): Promise<RunLock> {
    await mkdir(resolve(runDir), { recursive: true });
    const file = RunLock.fileOf(runDir);
    const record = ownLockRecord();
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await tryCreateLock(file)) return new RunLock(file);
      // null: half-written by a process killed while taking it
      const held: LockRecord | null = await readLock(file);
      if (held && held.host !== record.host) {
        throw new HqmlError({ what: `The run directory ${resolve(runDir)} is locked by process ${held.pid} on ${held.host} (since ${held.startedAt})`, why: 'two runs writing the same directory would overwrite each other\'s results', fix: `Wait for that run to finish, use another --run-dir, or delete ${file} if that run is gone` });
      }
      if (held && processAlive(held.pid) && held.pid !== process.pid) {
        throw new HqmlError({ what: `The run directory ${resolve(runDir)} is in use by process ${held.pid} (since ${held.startedAt})`, why: 'two runs writing the same directory would overwrite each other\'s results', fix: 'Wait for that run to finish, or use another --run-dir' });
      }
      warn(`run directory ${resolve(runDir)}: taking over the lock of a run that stopped (${held ? `process ${held.pid}, ${held.startedAt}` : 'unreadable lock file'})`);
      await unlink(file).catch(() => {});
    }
    throw new HqmlError({ what: `Could not lock the run directory ${resolve(runDir)}`, why: 'another process took the lock at the same moment', fix: 'Use another --run-dir' });
  }

  /** Releases the lock (idempotent). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    await unlink(this.file).catch(() => {});
  }
}
