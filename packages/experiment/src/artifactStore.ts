import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '@hqml/core';
import { cellKey } from './cellKey.js';
import { type WaitForLockOptions, waitForLock } from './fileLock.js';

const MANIFEST = 'manifest.json';

/** `HQML_CACHE_DIR`, else `$XDG_CACHE_HOME/hqml`, else `~/.cache/hqml` (the data sets' cache root too). */
export function defaultCacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);
  return nonEmpty(env['HQML_CACHE_DIR']) ?? join(nonEmpty(env['XDG_CACHE_HOME']) ?? join(homedir(), '.cache'), 'hqml');
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p, base)));
    else if (e.isFile()) out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

/** What {@link ArtifactStore.check} found in an artefact's directory. */
export type ArtifactStatus = { readonly status: 'ok' } | { readonly status: 'missing' } | { readonly status: 'corrupt'; readonly why: string };

/** Options of {@link ArtifactStore.obtain}. */
export interface ObtainOptions<T> {
  /** Builds the artefact's files into `dir` (a `.partial` directory; files left there by a killed build are kept, so a build can resume). */
  readonly build: (dir: string) => Promise<void>;
  /** Loads the artefact from a verified directory. */
  readonly load: (dir: string) => Promise<T>;
}

/**
 * A content-addressed store of built artefacts (trained teachers, ...): one directory per key,
 * completed atomically (built in `<dir>.partial`, sealed with a manifest of every file's SHA-256,
 * then renamed into place). An entry whose manifest is missing (half-written) or whose files do
 * not match it (corrupt), or that fails to load, is rebuilt with a warning: never used.
 * Any process that can reach the root (a shared directory) can use the same entries.
 */
export class ArtifactStore {
  constructor(
    readonly root: string,
    private readonly warn: (line: string) => void = () => {},
    /** How a build waits for another process building the same entry (poll interval, stale bound). */
    private readonly lockOptions: Pick<WaitForLockOptions, 'pollMs' | 'staleMs'> = {},
  ) {}

  /** The directory of an artefact: `<root>/<kind>/<label>-<hash of key>`. */
  dirOf(kind: string, key: unknown, label: string): string {
    return join(this.root, kind, `${label}-${cellKey(key).slice(0, 16)}`);
  }

  /** Whether the entry at `dir` is complete and matches its manifest. */
  async check(dir: string): Promise<ArtifactStatus> {
    try {
      await stat(dir);
    } catch {
      return { status: 'missing' };
    }
    let manifest: { files: Record<string, string> };
    try {
      manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as { files: Record<string, string> };
      if (typeof manifest.files !== 'object' || manifest.files === null) throw new Error('no file list');
    } catch (e) {
      return { status: 'corrupt', why: `its manifest is ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (an unfinished or older entry)' : `unreadable (${(e as Error).message})`}` };
    }
    const present = (await listFiles(dir)).filter((f) => f !== MANIFEST);
    const listed = Object.keys(manifest.files).sort();
    const extra = present.filter((f) => !(f in manifest.files));
    const missing = listed.filter((f) => !present.includes(f));
    if (missing.length) return { status: 'corrupt', why: `${missing.join(', ')} missing` };
    if (extra.length) return { status: 'corrupt', why: `unexpected file(s) ${extra.join(', ')}` };
    for (const f of listed) {
      if ((await sha256File(join(dir, f))) !== manifest.files[f]) return { status: 'corrupt', why: `${f} does not match its checksum` };
    }
    return { status: 'ok' };
  }

  /** Seals a directory: writes the manifest of its files (last, atomically). */
  async seal(dir: string): Promise<void> {
    const files: Record<string, string> = {};
    for (const f of await listFiles(dir)) if (f !== MANIFEST) files[f] = await sha256File(join(dir, f));
    await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify({ files, sealedAt: new Date().toISOString() }, null, 2)}\n`);
  }

  /**
   * The artefact at `dir`: loaded when the entry is complete and intact, otherwise built (into
   * `<dir>.partial`, resumable), sealed, moved into place and loaded. A build holds the lock
   * `<dir>.lock`, so processes sharing the store (the workers of a distributed run, two local
   * runs) never build the same entry twice: the others wait, then load what it built.
   */
  async obtain<T>(dir: string, o: ObtainOptions<T>): Promise<{ value: T; cached: boolean }> {
    const found = await this.check(dir);
    if (found.status === 'ok') {
      try {
        return { value: await o.load(dir), cached: true };
      } catch (e) {
        this.warn(`warning: cache entry ${dir} failed to load (${(e as Error).message}); rebuilding it`);
      }
    }
    await mkdir(dirname(dir), { recursive: true });
    const release = await waitForLock(`${dir}.lock`, {
      ...this.lockOptions,
      onWait: (h) => this.warn(`${dir} is being built by process ${h.pid} on ${h.host}; waiting for it`),
      onTakeOver: (h) => this.warn(`warning: taking over the build of ${dir} from ${h ? `process ${h.pid} on ${h.host}, which stopped` : 'a process that stopped'}`),
    });
    try {
      // Another process may have finished it while this one waited.
      const now = found.status === 'ok' ? found : await this.check(dir);
      if (now.status === 'ok' && found.status !== 'ok') {
        try {
          return { value: await o.load(dir), cached: true };
        } catch (e) {
          this.warn(`warning: cache entry ${dir} failed to load (${(e as Error).message}); rebuilding it`);
        }
      } else if (now.status === 'corrupt') {
        this.warn(`warning: cache entry ${dir} is unusable: ${now.why}; rebuilding it`);
      }
      const partial = `${dir}.partial`;
      await mkdir(partial, { recursive: true });
      await o.build(partial);
      await this.seal(partial);
      // The finished directory appears in one rename: a killed build never leaves an entry under the final name.
      await rm(dir, { recursive: true, force: true });
      await rename(partial, dir);
    } finally {
      await release();
    }
    return { value: await o.load(dir), cached: false };
  }
}
