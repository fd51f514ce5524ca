import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestRedis, reportNumbers, startTestRedis } from '@hqml/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqml, root } from './hqml.js';

// The distributed runs of the reference apps against a real redis-server, through the real CLI:
// `hqml kd|anneal-classify --queue` with `hqml worker`s give the reports of a local run.
const KD = (epochs: number, perClass: number) => `
title: KD through the queue
seeds: [0, 1]
backend: statevector
training: { epochs: ${epochs}, batchSize: 8, learningRate: 0.02 }
teacherTraining: { epochs: 1, batchSize: 32, perClass: 100, validation: 0.1 }
experiments:
  - name: mnist-0-1
    dataset: mnist
    classes: [0, 1]
    train: { perClass: ${perClass} }
    validation: 0.2
    test: { perClass: 20 }
    student: { qubits: 2, reducer: dense, encoding: { kind: angle, scaling: pi-tanh }, layers: 1, readout: z }
    teachers: [lenet5, { model: ensemble, members: [lenet5, mlp] }]
`;

const ANNEAL = `
title: anneal through the queue
seeds: [0, 1]
experiments:
  - name: tiny
    dataset: mnist
    classes: [0, 1]
    train: { perClass: 30, selection: random }
    test: { perClass: 20, selection: random }
    annealer: { preset: seed, steps: 3, amplitudeBound: 5 }
    training: { epochs: 1, batchSize: 16, learningRate: 0.003 }
    cnn: { epochs: 1, batchSize: 16 }
`;

interface Worker {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<unknown>;
}

function worker(url: string, store: string, name: string): Promise<Worker> {
  // The URL (with its password) in HQML_QUEUE, not on the command line (which `ps` shows to everyone).
  const proc = spawn(process.execPath, [join(root, 'apps', 'cli', 'bin', 'hqml.js'), 'worker', '--queue', '--store', store, '--name', name, '--lock-duration', '3000'], { cwd: root, env: { ...process.env, HQML_QUEUE: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((r) => proc.once('exit', r));
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d.toString();
      if (out.includes('waiting for jobs')) resolve({ proc, out: () => out, exited });
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    void exited.then(() => reject(new Error(`worker ${name} exited: ${out}`)));
  });
}

async function numbers(runDir: string, experiment: string): Promise<unknown> {
  return reportNumbers(JSON.parse(await readFile(join(runDir, experiment, 'report.json'), 'utf8')));
}

describe('queued runs of the reference apps (real Redis, real workers)', () => {
  let redis: TestRedis;
  let dir = '';
  const workers: Worker[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hqml-queue-e2e-'));
    redis = await startTestRedis({ password: 'e2e-secret-word' });
    workers.push(...(await Promise.all([worker(redis.url, join(dir, 'store'), 'w1'), worker(redis.url, join(dir, 'store'), 'w2')])));
  }, 240_000);
  afterAll(async () => {
    for (const w of workers) w.proc.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hqml kd --queue with two workers: teachers trained once by the workers, and the report of a local run of the same config, to the last digit', async () => {
    await writeFile(join(dir, 'kd.yaml'), KD(2, 20));
    const q = await hqml(['kd', '--config', join(dir, 'kd.yaml'), '--run-dir', join(dir, 'kd-queue'), '--queue', '--json'], { HQML_QUEUE: redis.url });
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ cellsRun: 6, cellsReused: 0 });
    expect(q.stderr).toMatch(/sweep kd-queue-[0-9a-f]{8}: 6\/6 cells done/);
    const all = workers.map((w) => w.out()).join('');
    // Each network teacher was trained once, by a worker, before any student that needs it.
    expect(all.match(/teacher lenet5 \(mnist 0,1\): training on/g)?.length).toBe(1);
    expect(all.match(/teacher mlp \(mnist 0,1\): training on/g)?.length).toBe(1);
    expect(workers.every((w) => /finished mnist-0-1/.test(w.out()))).toBe(true);
    // The local run (same teachers, from the same store) writes the same report.
    const l = await hqml(['kd', '--config', join(dir, 'kd.yaml'), '--run-dir', join(dir, 'kd-local'), '--json', '--quiet'], { HQML_CACHE_DIR: join(dir, 'store') });
    expect(l.code, l.stderr).toBe(0);
    expect(await numbers(join(dir, 'kd-queue'), 'mnist-0-1')).toEqual(await numbers(join(dir, 'kd-local'), 'mnist-0-1'));
    expect(JSON.parse(q.stdout).rows).toEqual(JSON.parse(l.stdout).rows);
    for (const text of [q.stdout, q.stderr, all]) expect(text).not.toContain('e2e-secret-word');
  }, 600_000);

  it('hqml anneal-classify --queue gives the report of a local run', async () => {
    await writeFile(join(dir, 'anneal.yaml'), ANNEAL);
    const q = await hqml(['anneal-classify', '--config', join(dir, 'anneal.yaml'), '--run-dir', join(dir, 'an-queue'), '--queue', redis.url, '--json']);
    expect(q.code, q.stderr).toBe(0);
    const l = await hqml(['anneal-classify', '--config', join(dir, 'anneal.yaml'), '--run-dir', join(dir, 'an-local'), '--json', '--quiet']);
    expect(l.code, l.stderr).toBe(0);
    expect(await numbers(join(dir, 'an-queue'), 'tiny')).toEqual(await numbers(join(dir, 'an-local'), 'tiny'));
  }, 600_000);

  it('a worker killed in the middle of a student: another worker resumes it from its checkpoint and the report is the uninterrupted one', async () => {
    for (const w of workers.splice(0)) {
      w.proc.kill('SIGTERM');
      await w.exited;
    }
    const store = join(dir, 'store');
    const doomed = await worker(redis.url, store, 'doomed');
    await writeFile(join(dir, 'kd-long.yaml'), KD(6, 60));
    const run = hqml(['kd', '--config', join(dir, 'kd-long.yaml'), '--run-dir', join(dir, 'long-queue'), '--queue', redis.url, '--json']);
    // Kill it once a student has checkpointed an epoch (the teachers are cached from the first test).
    const ckpts = join(store, 'checkpoints');
    let found = false;
    for (let i = 0; i < 3000 && !found; i++) {
      const sweeps = await readdir(ckpts).catch(() => [] as string[]);
      for (const s of sweeps) if ((await readdir(join(ckpts, s)).catch(() => [] as string[])).length > 0) found = true;
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toBe(true);
    doomed.proc.kill('SIGKILL');
    await doomed.exited;
    const rescuer = await worker(redis.url, store, 'rescuer');
    workers.push(rescuer);
    const q = await run;
    expect(q.code, q.stderr).toBe(0);
    expect(rescuer.out()).toMatch(/started mnist-0-1 \S+ seed \d \(again: the worker that had it stopped\)/);
    const l = await hqml(['kd', '--config', join(dir, 'kd-long.yaml'), '--run-dir', join(dir, 'long-local'), '--json', '--quiet'], { HQML_CACHE_DIR: store });
    expect(l.code, l.stderr).toBe(0);
    expect(await numbers(join(dir, 'long-queue'), 'mnist-0-1')).toEqual(await numbers(join(dir, 'long-local'), 'mnist-0-1'));
  }, 900_000);
});
