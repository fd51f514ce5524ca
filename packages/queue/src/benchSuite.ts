import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRecord, BenchSuite } from '@hqml/core';
import { type Proc, HQML_BIN, events, startCoordinator, startWorker } from './testing/processes.js';
import { startTestRedis } from './testing/redisServer.js';
import { spawn } from 'node:child_process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to its end; its wall time in seconds. */
function timed(args: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [HQML_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`hqml ${args.join(' ')} failed: ${err.slice(-2000)}`))));
  });
}

/**
 * `hqml bench queue`: what the queue costs and buys, on this machine, with a real redis-server
 * and real worker processes (workspace only: it uses the queue's test app and kd's configs).
 * - overhead: seconds per cell of empty cells through one warm worker (enqueue, take, run in the
 *   job process, complete, gather), i.e. what a cell costs on top of its work;
 * - failover: seconds from killing the worker that runs a cell to the cell running again on
 *   the other worker, with the default lock (15 s);
 * - throughput: kd's quick config (6 students, teacher cached) with 1 and 2 workers: cells per
 *   hour and the second worker's efficiency (speed-up / 2).
 */
export const queueBenchSuite: BenchSuite = {
  name: 'queue',
  description: 'distributed runs: queue overhead per cell, failover time of a killed worker, kd throughput with 1 and 2 workers',
  async *run({ quick }): AsyncIterable<BenchRecord> {
    const redis = await startTestRedis();
    const dir = await mkdtemp(join(tmpdir(), 'hqml-bench-queue-'));
    const procs: Proc[] = [];
    try {
      // overhead
      const store = join(dir, 'store');
      const w = await startWorker(redis.url, store, 'bench-1', {});
      procs.push(w);
      const n = quick ? 10 : 30;
      const cells = (tag: string, k: number) => Array.from({ length: k }, (_, i) => ({ experiment: 'b', condition: tag, seed: i, spec: { value: i, epochs: 0, sleepMs: 0 } }));
      const warm = startCoordinator({ url: redis.url, runDir: join(dir, 'warm'), cells: cells('warm', 2) });
      await warm.exited();
      const t0 = performance.now();
      const c = startCoordinator({ url: redis.url, runDir: join(dir, 'overhead'), cells: cells('empty', n) });
      if ((await c.exited()) !== 0) throw new Error(c.output());
      const perCell = (performance.now() - t0) / 1000 / n;
      yield { suite: 'queue', case: 'overhead', sizes: { cells: n, workers: 1 }, metric: 'wall per empty cell (incl. coordinator start)', value: perCell, unit: 's' };

      // failover: two idle workers with the default lock; kill the one that runs the cell
      const w2 = await startWorker(redis.url, store, 'bench-2', {});
      procs.push(w2);
      w.kill('SIGKILL');
      await w.exited();
      const w3 = await startWorker(redis.url, store, 'bench-3', {});
      procs.push(w3);
      const long = startCoordinator({ url: redis.url, runDir: join(dir, 'failover'), cells: [{ experiment: 'b', condition: 'long', seed: 0, spec: { value: 1, epochs: 60, sleepMs: 250 } }] });
      procs.push(long);
      let first: { pid: number } | undefined;
      for (let i = 0; i < 1200 && !first; i++) {
        first = (await events(store)).find((e) => e.kind === 'epoch' && e.what === 'b--long--s0' && e.n === '2');
        if (!first) await sleep(100);
      }
      const victim = [w2, w3].find((p) => p.output().includes('started b long seed 0'))!;
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      let again: number | undefined;
      for (let i = 0; i < 1200 && again === undefined; i++) {
        again = (await events(store)).filter((e) => e.kind === 'start' && e.what === 'b--long--s0').map((e) => e.at)[1];
        if (again === undefined) await sleep(100);
      }
      yield { suite: 'queue', case: 'failover', sizes: { lockMs: 15000, stalledIntervalMs: 10000 }, metric: 'killed worker to cell running again', value: ((again ?? NaN) - killedAt) / 1000, unit: 's' };
      long.kill();
      for (const p of procs) p.kill('SIGKILL');

      // throughput on kd's quick config (its teacher is trained once, before timing)
      const cfg = join(HQML_BIN, '..', '..', '..', 'kd', 'configs', quick ? 'queue-slice.yaml' : 'quick.yaml');
      const kdStore = join(dir, 'kd-store');
      const env = { HQML_QUEUE: redis.url };
      const prep = await startWorker(redis.url, kdStore, 'prep');
      await timed(['kd', '--config', cfg, '--run-dir', join(dir, 'kd-prep'), '--queue', '--seeds', '0', '--quiet'], env);
      prep.kill();
      await prep.exited();
      const sixCells = quick ? 4 : 6;
      let one = NaN;
      for (const k of [1, 2]) {
        const ws = await Promise.all(Array.from({ length: k }, (_, i) => startWorker(redis.url, kdStore, `kd-${k}-${i}`)));
        const s = await timed(['kd', '--config', cfg, '--run-dir', join(dir, `kd-${k}`), '--queue', '--quiet'], env);
        for (const x of ws) x.kill();
        await Promise.all(ws.map((x) => x.exited()));
        const perHour = (sixCells * 3600) / s;
        if (k === 1) one = perHour;
        yield { suite: 'queue', case: 'throughput', sizes: { config: quick ? 'queue-slice' : 'quick', cells: sixCells, workers: k }, metric: 'cells per hour', value: perHour, unit: 'cells/h' };
        if (k === 2) yield { suite: 'queue', case: 'throughput', sizes: { config: quick ? 'queue-slice' : 'quick', cells: sixCells, workers: 2 }, metric: 'second-worker efficiency (speed-up / 2)', value: perHour / one / 2, unit: 'ratio' };
      }
    } finally {
      for (const p of procs) p.kill('SIGKILL');
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
