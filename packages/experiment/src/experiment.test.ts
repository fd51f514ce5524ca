import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@hqml/core';
import { ArtifactStore } from './artifactStore.js';
import { canonicalJson, cellKey } from './cellKey.js';
import { checkUniqueCells, checkUniqueNames, defineCell } from './cells.js';
import { CellStore } from './cellStore.js';
import { RunLock, checkWritableDir } from './runDir.js';
import { runCells } from './runner.js';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-experiment-'));
  temps.push(d);
  return d;
}

describe('cell keys', () => {
  it('do not depend on key order, and change with any value', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: 2 } })).toBe('{"a":{"c":2,"d":[1,{"y":1,"z":0}]},"b":1}');
    expect(cellKey({ a: 1, b: 2 })).toBe(cellKey({ b: 2, a: 1 }));
    expect(cellKey({ a: 1, b: 2 })).not.toBe(cellKey({ a: 1, b: 3 }));
    const c = defineCell('mnist', 'baseline', 3, { lr: 0.01 });
    expect(c.id).toBe('mnist--baseline--s3');
    expect(defineCell('mnist', 'baseline', 3, { lr: 0.02 }).key).not.toBe(c.key);
  });

  it('refuse names that are not file names, duplicate cells and duplicate names', () => {
    expect(() => defineCell('My Exp', 'baseline', 0, {})).toThrow(/experiment name "My Exp"/);
    const a = defineCell('e', 'c', 0, {});
    expect(() => checkUniqueCells([a, defineCell('e', 'c', 0, { other: 1 })])).toThrow(/two cells are both "e--c--s0"/);
    expect(() => checkUniqueNames(['a', 'b', 'a'], 'experiments')).toThrow(/at experiments\[2\]: the name "a" is used twice/);
  });
});

describe('runCells and CellStore', () => {
  it('runs each cell once, resumes finished ones, and reruns exactly the cells whose key changed', async () => {
    const dir = await temp();
    const store = new CellStore<{ v: number }>(dir);
    const ran: string[] = [];
    const plan = (lr: number) => [0, 1].flatMap((seed) => [defineCell('e', 'base', seed, { lr: 1 }), defineCell('e', 'kd', seed, { lr })]);
    const run = async (c: { id: string; seed: number }) => {
      ran.push(c.id);
      return { v: c.seed * 10 };
    };
    const first = await runCells({ cells: plan(1), store, run, sink: null });
    expect(first.cellsRun).toBe(4);
    expect(ran).toEqual(['e--base--s0', 'e--kd--s0', 'e--base--s1', 'e--kd--s1']);
    const again = await runCells({ cells: plan(1), store, run, sink: null });
    expect(again).toMatchObject({ cellsRun: 0, cellsReused: 4 });
    expect(again.results.get('e--kd--s1')?.result).toEqual({ v: 10 });
    ran.length = 0;
    const edited = await runCells({ cells: plan(2), store, run, sink: null });
    expect(edited).toMatchObject({ cellsRun: 2, cellsReused: 2, cellsStale: 2 });
    expect(ran).toEqual(['e--kd--s0', 'e--kd--s1']);
  });

  it('keeps the cells finished before a failure and runs an unreadable one again', async () => {
    const dir = await temp();
    const store = new CellStore<number>(dir);
    const cells = [defineCell('e', 'a', 0, {}), defineCell('e', 'b', 0, {})];
    await expect(runCells({ cells, store, sink: null, run: async (c) => { if (c.condition === 'b') throw new Error('boom'); return 1; } })).rejects.toThrow('boom');
    expect(await store.ids()).toEqual(['e--a--s0']);
    await writeFile(store.file(cells[0]!), '{"key": "trunc');
    const notes: string[] = [];
    const r = await runCells({ cells, store, sink: { write: (t) => notes.push(t), isTTY: false }, run: async () => 2 });
    expect(r.cellsRun).toBe(2);
    expect(notes.join('')).toMatch(/cell e--a--s0: the stored result is unreadable/);
  });
});

describe('run directories', () => {
  it('accepts a new directory below a writable one without creating it', async () => {
    const dir = await temp();
    await checkWritableDir(join(dir, 'a', 'b'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a path through a file, a file, and a directory it cannot write, before creating anything', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'f'), 'x');
    await expect(checkWritableDir(join(dir, 'f'))).rejects.toThrow(/it exists and is a file/);
    await expect(checkWritableDir(join(dir, 'f', 'run'))).rejects.toThrow(ValidationError);
    await expect(checkWritableDir(join(dir, 'f', 'run'))).rejects.toThrow(/is a file, not a directory/);
    expect(await readdir(dir)).toEqual(['f']);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only directory (not as root, who may write anywhere)', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'ro'));
    await chmod(join(dir, 'ro'), 0o555);
    await expect(checkWritableDir(join(dir, 'ro', 'run'))).rejects.toThrow(/is not writable/);
  });

  it('locks a run directory: a live process holding it is refused, a stopped one is taken over', async () => {
    const dir = await temp();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(RunLock.fileOf(dir), JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 'then' }));
      await expect(RunLock.acquire(dir)).rejects.toThrow(new RegExp(`in use by process ${other.pid}.*use another --run-dir`));
    } finally {
      other.kill();
      await new Promise((r) => other.once('exit', r));
    }
    const warnings: string[] = [];
    const lock = await RunLock.acquire(dir, (w) => warnings.push(w));
    expect(warnings.join()).toMatch(/taking over the lock of a run that stopped \(process \d+/);
    expect(JSON.parse(await readFile(RunLock.fileOf(dir), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await expect(readFile(RunLock.fileOf(dir))).rejects.toThrow(/ENOENT/);
  });
});

describe('ArtifactStore', () => {
  it('builds once, reuses an intact entry, and rebuilds a half-written or corrupt one with a warning', async () => {
    const warnings: string[] = [];
    const store = new ArtifactStore(await temp(), (w) => warnings.push(w));
    const dir = store.dirOf('teachers', { model: 'lenet5', seed: 0 }, 'lenet5');
    let builds = 0;
    const o = {
      build: async (d: string) => {
        builds++;
        await mkdir(join(d, 'model'), { recursive: true });
        await writeFile(join(d, 'model', 'weights.bin'), 'abc');
        await writeFile(join(d, 'record.json'), '{"n": 1}');
      },
      load: async (d: string) => JSON.parse(await readFile(join(d, 'record.json'), 'utf8')) as { n: number },
    };
    expect(await store.obtain(dir, o)).toEqual({ value: { n: 1 }, cached: false });
    expect(await store.obtain(dir, o)).toEqual({ value: { n: 1 }, cached: true });
    expect(builds).toBe(1);
    await writeFile(join(dir, 'model', 'weights.bin'), 'abd');
    expect((await store.check(dir)).status).toBe('corrupt');
    expect((await store.obtain(dir, o)).cached).toBe(false);
    expect(warnings.at(-1)).toMatch(/model\/weights.bin does not match its checksum; rebuilding it/);
    await rm(join(dir, 'manifest.json'));
    expect((await store.obtain(dir, o)).cached).toBe(false);
    expect(warnings.at(-1)).toMatch(/manifest is missing/);
    await writeFile(join(dir, 'record.json'), '{"n": 1');
    await store.seal(dir); // intact by checksum, but does not load
    expect((await store.obtain(dir, o)).cached).toBe(false);
    expect(warnings.at(-1)).toMatch(/failed to load/);
    expect(builds).toBe(4);
  });
});

describe('ArtifactStore build lock', () => {
  const build = (counter: { n: number }) => ({
    build: async (d: string) => {
      counter.n++;
      await new Promise((r) => setTimeout(r, 150));
      await writeFile(join(d, 'record.json'), '{"n": 2}');
    },
    load: async (d: string) => JSON.parse(await readFile(join(d, 'record.json'), 'utf8')) as { n: number },
  });

  it('two builds of one entry at once: one builds, the other waits and loads what it built', async () => {
    const store = new ArtifactStore(await temp(), () => {}, { pollMs: 20 });
    const dir = store.dirOf('teachers', { model: 'x' }, 'x');
    const counter = { n: 0 };
    const [a, b] = await Promise.all([store.obtain(dir, build(counter)), store.obtain(dir, build(counter))]);
    expect(counter.n).toBe(1);
    expect([a.cached, b.cached].sort()).toEqual([false, true]);
    await expect(readFile(`${dir}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('waits while a live process of this host holds the lock, and takes it over once that process is gone', async () => {
    const warnings: string[] = [];
    const store = new ArtifactStore(await temp(), (w) => warnings.push(w), { pollMs: 20 });
    const dir = store.dirOf('teachers', { model: 'y' }, 'y');
    await mkdir(join(dir, '..'), { recursive: true });
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    await writeFile(`${dir}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 'then' }));
    const counter = { n: 0 };
    const got = store.obtain(dir, build(counter));
    await new Promise((r) => setTimeout(r, 300));
    expect(counter.n).toBe(0);
    expect(warnings.join()).toMatch(new RegExp(`being built by process ${other.pid}.*waiting for it`));
    other.kill();
    await new Promise((r) => other.once('exit', r));
    expect(await got).toEqual({ value: { n: 2 }, cached: false });
    expect(counter.n).toBe(1);
    expect(warnings.at(-1)).toMatch(new RegExp(`taking over the build .* from process ${other.pid}`));
  });
});
