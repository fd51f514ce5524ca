import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CellStore, defineCell } from '@hqml/experiment';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellStates } from './cellStates.js';
import { runCellsOnQueue } from './coordinator.js';
import { redisOptions } from './connection.js';
import { type Proc, HQML_BIN, TEST_APP, events, startCoordinator, startWorker } from './testing/processes.js';
import { type TestCellSpec, expectedValue, testNeeds } from './testing/testApp.js';
import { parseQueueUrl } from './redisUrl.js';
import { planJobIds } from './coordinator.js';
import { SweepRecords } from './sweepRecords.js';
import { openRedis } from './connection.js';
import { type TestRedis, freePort, startTestRedis } from './testing/redisServer.js';
import { spawn } from 'node:child_process';

const temps: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-queue-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

const cell = (condition: string, seed: number, spec: TestCellSpec) => ({ experiment: 't', condition, seed, spec });
type CellArg = ReturnType<typeof cell>;
const expectedOf = (cells: CellArg[]) => Object.fromEntries(cells.map((c) => [`t--${c.condition}--s${c.seed}`, expectedValue(c.spec)]));

/** Jobs of a plan still in Redis. */
async function jobsLeft(url: string, ids: string[]): Promise<number> {
  const q = new Queue('hqml-cells', { connection: redisOptions(parseQueueUrl(url), 'client') });
  try {
    let n = 0;
    for (const id of ids) if (await Job.fromId(q, id)) n++;
    return n;
  } finally {
    await q.close();
  }
}

describe('a sweep on a real Redis with two workers', () => {
  let redis: TestRedis;
  let store = '';
  const workers: Proc[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
    store = await temp();
    workers.push(...(await Promise.all([startWorker(redis.url, store, 'w1'), startWorker(redis.url, store, 'w2')])));
  }, 180_000);
  afterAll(async () => {
    for (const w of workers) w.kill();
    await Promise.all(workers.map((w) => w.exited()));
    await redis?.stop();
  });

  it('runs every cell once, builds each teacher once and before the cells that need it, gathers the results and removes the jobs', async () => {
    const cells = [
      ...[0, 1, 2, 3].map((s) => cell('plain', s, { value: s + 1, epochs: 3, sleepMs: 150 })),
      ...[0, 1].map((s) => cell('needs-a', s, { value: 10 + s, epochs: 2, sleepMs: 100, needs: ['a'] })),
      ...[0, 1].map((s) => cell('needs-ab', s, { value: 20 + s, epochs: 2, sleepMs: 100, needs: ['a', 'b'] })),
    ];
    const runDir = join(await temp(), 'run');
    const store0 = new CellStore<{ value: number }>(runDir);
    const specs = cells.map((c) => defineCell(c.experiment, c.condition, c.seed, c.spec));
    const lines: string[] = [];
    const r = await runCellsOnQueue({ url: redis.url, app: 'queue-test', title: 'two workers', config: {}, cells: specs, store: store0, needs: testNeeds, pollMs: 200, sink: { write: (t) => lines.push(t), isTTY: false } });
    expect(r.cellsRun).toBe(8);
    expect(Object.fromEntries([...r.results].map(([id, c]) => [id, c.result.value]))).toEqual(expectedOf(cells));
    // Gathered into the run directory, as the local runner stores them.
    expect((await store0.ids()).length).toBe(8);
    const ev = await events(store);
    const builds = ev.filter((e) => e.kind === 'build');
    expect(builds.map((e) => e.what).sort()).toEqual(['a', 'b']);
    const built = (label: string) => builds.find((e) => e.what === label)!.at;
    for (const e of ev.filter((x) => x.kind === 'start')) {
      if (e.what.includes('needs-a')) expect(e.at).toBeGreaterThan(built('a'));
      if (e.what.includes('needs-ab')) expect(e.at).toBeGreaterThan(Math.max(built('a'), built('b')));
    }
    // Each cell started once; both workers took cells.
    const starts = ev.filter((e) => e.kind === 'start');
    expect(starts.length).toBe(8);
    expect(new Set(starts.map((e) => e.pid)).size).toBe(2);
    expect(lines.join('')).toMatch(/sweep run-[0-9a-f]{8}: 8\/8 cells done/);
    // The sweep is done and its jobs are gone from Redis.
    const rec = await new SweepRecords(openRedis(parseQueueUrl(redis.url))).get(r.sweep);
    expect(rec?.state).toBe('done');
    expect(await jobsLeft(redis.url, planJobIds(rec!.plan))).toBe(0);
  }, 240_000);

  it('retries a failing cell with exponential backoff, and reports one that keeps failing without stopping the others', async () => {
    const cells = [cell('flaky', 0, { value: 5, epochs: 1, sleepMs: 50, failTimes: 2 }), cell('broken', 0, { value: 6, epochs: 1, sleepMs: 50, failAlways: 'the data file is corrupt' }), cell('fine', 0, { value: 7, epochs: 2, sleepMs: 50 })];
    const runDir = join(await temp(), 'run');
    const specs = cells.map((c) => defineCell(c.experiment, c.condition, c.seed, c.spec));
    const store0 = new CellStore<{ value: number }>(runDir);
    await expect(runCellsOnQueue({ url: redis.url, app: 'queue-test', title: 'failures', config: {}, cells: specs, store: store0, attempts: 3, backoffMs: 400, pollMs: 200, sink: null })).rejects.toThrow(/1 of 3 cells failed after up to 3 attempt\(s\) each: t--broken--s0 \(the data file is corrupt\).*run the same command again/);
    const failed = JSON.parse(await readFile(join(runDir, 'failed-cells.json'), 'utf8')) as { failed: Array<{ id: string; reason: string; attempts: number }> };
    expect(failed.failed).toEqual([{ id: 't--broken--s0', reason: 'the data file is corrupt', attempts: 3 }]);
    // The others finished and are stored; the flaky one succeeded on its third attempt.
    expect((await store0.ids()).sort()).toEqual(['t--fine--s0', 't--flaky--s0']);
    expect((await store0.read(specs[0]!)).status).toBe('done');
    const ev = await events(store);
    const flaky = ev.filter((e) => e.kind === 'fail' && e.what === 't--flaky--s0').map((e) => e.at);
    expect(flaky.length).toBe(2);
    const broken = ev.filter((e) => e.kind === 'fail' && e.what === 't--broken--s0').map((e) => e.at);
    expect(broken.length).toBe(3);
    // Exponential backoff: the retries wait at least 400 ms, then 800 ms.
    expect(broken[1]! - broken[0]!).toBeGreaterThanOrEqual(400);
    expect(broken[2]! - broken[1]!).toBeGreaterThanOrEqual(800);
  }, 240_000);

  it('a coordinator killed mid-sweep and started again re-attaches to the jobs in flight: no cell runs twice', async () => {
    const cells = [0, 1, 2, 3, 4, 5].map((s) => cell('slow', s, { value: 100 + s, epochs: 4, sleepMs: 250, ...(s >= 4 ? { needs: ['c'] } : {}) }));
    const runDir = join(await temp(), 'run');
    const first = startCoordinator({ url: redis.url, runDir, cells });
    // Kill it once some cell has finished and been gathered (others are in flight then).
    for (let i = 0; i < 600 && (await readdir(join(runDir, 'cells')).catch(() => [])).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    first.kill('SIGKILL');
    await first.exited();
    const second = startCoordinator({ url: redis.url, runDir, cells });
    expect(await second.exited()).toBe(0);
    const out = JSON.parse(second.output().trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!) as { cellsReused: number; cellsRun: number; values: Record<string, number> };
    expect(second.output()).toMatch(/exists in Redis \(running\); re-attaching to its jobs/);
    expect(out.cellsReused).toBeGreaterThanOrEqual(1);
    expect(out.cellsReused + out.cellsRun).toBe(6);
    expect(out.values).toEqual(expectedOf(cells));
    const starts = (await events(store)).filter((e) => e.kind === 'start' && e.what.startsWith('t--slow'));
    expect(starts.length).toBe(6);
    expect((await events(store)).filter((e) => e.kind === 'build' && e.what === 'c').length).toBe(1);
  }, 240_000);
});

describe('faults of workers and of Redis', () => {
  let redis: TestRedis;
  let store = '';
  const procs: Proc[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
    store = await temp();
  });
  afterAll(async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited()));
    await redis?.stop();
  });

  it('a worker killed mid-cell: the stalled job runs again on another worker, resumes from the checkpoint, and gives the uninterrupted result', async () => {
    const a = await startWorker(redis.url, store, 'doomed');
    procs.push(a);
    const cells = [cell('long', 0, { value: 42, epochs: 8, sleepMs: 400 })];
    const runDir = join(await temp(), 'run');
    const coordinator = startCoordinator({ url: redis.url, runDir, cells });
    procs.push(coordinator);
    for (let i = 0; i < 600 && !(await events(store)).some((e) => e.kind === 'epoch' && e.n === '3'); i++) await new Promise((r) => setTimeout(r, 100));
    const killedAt = Date.now();
    a.kill('SIGKILL');
    await a.exited();
    const b = await startWorker(redis.url, store, 'rescuer');
    procs.push(b);
    expect(await coordinator.exited()).toBe(0);
    const out = JSON.parse(coordinator.output().trim().split('\n').at(-1)!) as { values: Record<string, number> };
    expect(out.values).toEqual(expectedOf(cells));
    const ev = (await events(store)).filter((e) => e.what === 't--long--s0');
    const starts = ev.filter((e) => e.kind === 'start');
    expect(starts.length).toBe(2);
    // The second start resumed after the last checkpointed epoch (>= 3), in another process.
    expect(Number(starts[1]!.n)).toBeGreaterThanOrEqual(4);
    expect(starts[1]!.pid).not.toBe(starts[0]!.pid);
    // The killed worker's job process stopped with it: no epoch of its pid after the kill.
    expect(ev.filter((e) => e.pid === starts[0]!.pid && e.at > killedAt + 1000).length).toBe(0);
    expect(b.output()).toMatch(/started t long seed 0 \(again: the worker that had it stopped\)/);
    process.stderr.write(`[measure] worker death -> cell running again: ${((starts[1]!.at - killedAt) / 1000).toFixed(1)} s (lock 2 s; includes starting the second worker)\n`);
  }, 240_000);

  it('Redis restarted empty mid-sweep: the coordinator waits for it and enqueues the lost jobs again, the worker reconnects, the results are right', async () => {
    const w = procs.find((p) => p.output().includes('[rescuer]'))!;
    const cells = [0, 1, 2].map((s) => cell('survivor', s, { value: 7 + s, epochs: 3, sleepMs: 300 }));
    const runDir = join(await temp(), 'run');
    const coordinator = startCoordinator({ url: redis.url, runDir, cells });
    procs.push(coordinator);
    await coordinator.waitFor(/cell t--survivor--s0 finished/);
    await redis.restart();
    expect(await coordinator.exited()).toBe(0);
    const out = JSON.parse(coordinator.output().trim().split('\n').at(-1)!) as { values: Record<string, number> };
    expect(out.values).toEqual(expectedOf(cells));
    expect(coordinator.output()).toMatch(/no longer in Redis \(restarted without its data\?\); enqueueing its \d pending cell\(s\) again|not in Redis \(lost by a restart, or removed\); enqueueing them again/);
    expect(w.output()).toMatch(/finished t survivor seed 2/);
  }, 240_000);
});

describe('Redis that cannot be reached', () => {
  it('the coordinator and the worker stop with a clear error instead of hanging, and never print the password', async () => {
    const port = await freePort();
    const cells = [defineCell('t', 'x', 0, { value: 1, epochs: 1, sleepMs: 1 })];
    const t0 = Date.now();
    await expect(runCellsOnQueue({ url: `redis://:hunter2secret@127.0.0.1:${port}/0`, app: 'queue-test', title: 'x', config: {}, cells, store: new CellStore(join(await temp(), 'run')), sink: null })).rejects.toThrow(new RegExp(`Cannot use Redis at redis://:\\*\\*\\*@127.0.0.1:${port}/0: .*ECONNREFUSED.*Start one`));
    expect(Date.now() - t0).toBeLessThan(30_000);
    const w = spawn(process.execPath, [HQML_BIN, 'worker', '--queue', `redis://:hunter2secret@127.0.0.1:${port}/0`], { env: { ...process.env, HQML_PLUGINS: TEST_APP }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    w.stdout.on('data', (d: Buffer) => (out += d.toString()));
    w.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => w.once('exit', r));
    expect(code).not.toBe(0);
    expect(out).toMatch(/Cannot use Redis at redis:\/\/:\*\*\*@127.0.0.1/);
    expect(out).not.toContain('hunter2secret');
  }, 120_000);
});

describe('hqml sweep status and cancel, with a password-protected Redis', () => {
  let redis: TestRedis;
  const procs: Proc[] = [];
  const password = 'pa55-w0rd-never-shown';
  beforeAll(async () => {
    redis = await startTestRedis({ password });
  });
  afterAll(async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited()));
    await redis?.stop();
  });

  const cli = async (args: string[]) => {
    const p = spawn(process.execPath, [HQML_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => p.once('exit', r));
    return { code, out, err };
  };

  it('status lists the sweep and its cells by state; cancel removes the waiting jobs, stops the running cell at its next epoch and the coordinator', async () => {
    const store = await temp();
    const w = await startWorker(redis.url, store, 'solo');
    procs.push(w);
    const cells = [0, 1, 2].map((s) => cell('cancel-me', s, { value: s, epochs: 400, sleepMs: 300 }));
    const coordinator = startCoordinator({ url: redis.url, runDir: join(await temp(), 'run'), cells });
    procs.push(coordinator);
    await w.waitFor(/started t cancel-me seed 0/);
    const st = await cli(['sweep', 'status', '--queue', redis.url, '--json']);
    expect(st.code).toBe(0);
    const status = JSON.parse(st.out) as { sweeps: Array<{ id: string; state: string; cells: number; counts: Record<string, number> }>; workers: string[] };
    expect(status.sweeps.length).toBe(1);
    const s = status.sweeps[0]!;
    expect(s).toMatchObject({ state: 'running', cells: 3 });
    expect(s.counts['active']).toBe(1);
    expect(s.counts['queued']).toBe(2);
    expect(status.workers).toContain('solo');
    const text = await cli(['sweep', 'status', '--queue', redis.url]);
    expect(text.out).toMatch(/3 cell\(s\) queued by .*: 0 finished, 1 running, 2 queued, 0 waiting for teachers, 0 retrying, 0 failed/);
    const c = await cli(['sweep', 'cancel', '--queue', redis.url, s.id]);
    expect(c.out).toMatch(new RegExp(`sweep ${s.id} cancelled: 2 waiting job\\(s\\) removed, 1 running cell\\(s\\) stop at their next epoch`));
    expect(await coordinator.exited()).toBe(1);
    expect(coordinator.output()).toMatch(/was cancelled \(hqml sweep cancel\).*run the same command again to continue/);
    await w.waitFor(/failed t cancel-me seed 0: sweep .* was cancelled .*no retry left/);
    const after = JSON.parse((await cli(['sweep', 'status', '--queue', redis.url, s.id, '--json'])).out) as { sweeps: Array<{ state: string }> };
    expect(after.sweeps[0]!.state).toBe('cancelled');
    const unknown = await cli(['sweep', 'cancel', '--queue', redis.url, 'no-such-sweep']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(new RegExp(`No sweep "no-such-sweep" on this queue: its sweeps are: ${s.id}`));
    const wrong = await cli(['sweep', 'status', '--queue', redis.url.replace(encodeURIComponent(password), 'wrong-one')]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/refused the credentials/);
    // The password appears in no output of any command.
    for (const printed of [st.out, st.err, text.out, text.err, c.out, c.err, coordinator.output(), w.output(), unknown.err, wrong.err]) expect(printed).not.toContain(password);
  }, 240_000);
});

describe('cell states', () => {
  it('reads a plan whose jobs are not in Redis as missing (what the coordinator enqueues again)', async () => {
    const redis = await startTestRedis();
    try {
      const q = new Queue('hqml-cells', { connection: redisOptions(parseQueueUrl(redis.url), 'client') });
      const states = await cellStates(q, { cells: [{ id: 'a', jobId: 'x--c-1' }, { id: 'b', jobId: 'x--c-2', gate: 'x--g-1' }], gates: [{ jobId: 'x--g-1', artefacts: [] }], artefacts: [] }, [{ id: 'a', jobId: 'x--c-1' }, { id: 'b', jobId: 'x--c-2', gate: 'x--g-1' }]);
      expect([...states.values()].map((s) => s.state)).toEqual(['missing', 'missing']);
      await q.close();
    } finally {
      await redis.stop();
    }
  });
});
