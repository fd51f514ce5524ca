import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/** What a lock file records: who holds it and since when. */
export interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** Whether a process of this host runs (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's record. */
export function ownLockRecord(): LockRecord {
  return { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
}

/** Creates `file` exclusively with this process's record; false when it exists already. */
export async function tryCreateLock(file: string): Promise<boolean> {
  try {
    const h = await open(file, 'wx');
    await h.writeFile(`${JSON.stringify(ownLockRecord())}\n`);
    await h.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** The record in a lock file; null when it is unreadable (half-written by a killed process) or gone. */
export async function readLock(file: string): Promise<LockRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockRecord;
  } catch {
    return null;
  }
}

/** Options of {@link waitForLock}. */
export interface WaitForLockOptions {
  /** Poll interval while another process holds the lock (ms). */
  readonly pollMs?: number;
  /**
   * A lock held by a process of another host (that this one cannot ask whether it lives) is
   * taken over once the lock file is older than this (ms). A holder never refreshes it: its
   * event loop may be busy for minutes (a training epoch), so this is a generous bound.
   */
  readonly staleMs?: number;
  /** Told once, when the lock is found held by another live process. */
  readonly onWait?: (holder: LockRecord) => void;
  /** Told when a stale lock is taken over. */
  readonly onTakeOver?: (holder: LockRecord | null) => void;
}

/**
 * Waits until this process holds the exclusive lock file `file`, then returns its release. A
 * lock of a stopped process of this host (or an unreadable one) is taken over at once; a lock of
 * another host once it is older than `staleMs`. Used where several processes (workers of a
 * distributed run, two local runs sharing a cache) may build the same thing: one builds, the
 * others wait and then use what it built.
 */
export async function waitForLock(file: string, o: WaitForLockOptions = {}): Promise<() => Promise<void>> {
  const pollMs = o.pollMs ?? 500;
  const staleMs = o.staleMs ?? 6 * 3600_000;
  const me = ownLockRecord();
  let told = false;
  for (;;) {
    if (await tryCreateLock(file)) return () => unlink(file).catch(() => {});
    const held = await readLock(file);
    let stale: boolean;
    if (held === null) {
      // Half-written by a process killed while taking it, or released just now: look again once.
      const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      stale = age > 2000;
    } else if (held.host === me.host) {
      stale = !processAlive(held.pid);
    } else {
      stale = await stat(file).then((s) => Date.now() - s.mtimeMs > staleMs, () => false);
    }
    if (stale) {
      o.onTakeOver?.(held);
      await unlink(file).catch(() => {});
      continue;
    }
    if (held && !told) {
      told = true;
      o.onWait?.(held);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
