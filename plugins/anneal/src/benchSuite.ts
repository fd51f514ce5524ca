import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Annealer, type BenchRecord, type BenchSuite, DataError, type SampleSet } from '@hqml/core';
import { threadCpuSeconds } from './cpuClock.js';
import { type GsetProblem, cutValue, parseGset } from './gset.js';
import { ParallelTempering } from './parallelTempering.js';
import { plainNealRead } from './plainPeer.js';
import { betaSchedule, defaultBetaRange } from './schedule.js';
import { SimulatedAnnealer } from './simulatedAnnealing.js';
import { SimulatedQuantumAnnealer } from './simulatedQuantumAnnealing.js';

/** Best-known Max-Cut values (Benlic & Hao 2013, as listed in the G-set README). */
export const BEST_KNOWN_CUTS: Readonly<Record<string, number>> = Object.freeze({ G1: 11624, G11: 564, G14: 3064, G22: 13359 });

/** The G-set folder: `HQML_GSET_DIR`, else `../shared/benchmarks/gset` from the working directory. */
export function gsetDir(): string {
  const env = process.env['HQML_GSET_DIR'];
  const dir = env ?? resolve(process.cwd(), '../shared/benchmarks/gset');
  if (!existsSync(dir)) {
    throw new DataError({ what: `G-set folder ${dir} does not exist`, why: 'the anneal suite runs on the G-set graphs', fix: 'Set HQML_GSET_DIR to the folder holding G1.txt and G22.txt, or run from the repository root next to ../shared' });
  }
  return dir;
}

/** Reads `G<k>.txt` from the G-set folder. */
export function loadGset(name: string): GsetProblem {
  return parseGset(readFileSync(join(gsetDir(), `${name}.txt`), 'utf8'), `${name}.txt`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function rate(ss: SampleSet, key: 'flipAttemptsPerSecond' | 'flipAttemptsPerCpuSecond'): number {
  const v = ss.info[key];
  return typeof v === 'number' ? v : NaN;
}

/** A solver configuration of the 10-second quality runs. */
interface QualityConfig {
  readonly name: string;
  readonly make: (threads: number) => Annealer;
  readonly options: Readonly<Record<string, unknown>>;
}

const QUALITY: readonly QualityConfig[] = [
  { name: 'sa-1000', make: (t) => new SimulatedAnnealer({ numThreads: t }), options: {} },
  { name: 'sa-20000', make: (t) => new SimulatedAnnealer({ numThreads: t }), options: { numSweeps: 20000 } },
  { name: 'pt', make: (t) => new ParallelTempering({ numThreads: t }), options: { numSweeps: 2000, numReplicas: 24, betaRange: [0.3, 3] } },
  { name: 'sqa', make: (t) => new SimulatedQuantumAnnealer({ numThreads: t }), options: { numSweeps: 1000, trotterSlices: 16 } },
];

/**
 * `hqml bench anneal`: flip attempts per second per thread (each kernel, the plain-loop peer,
 * PT and SQA) and with two workers, on G1 and G22; and the cut reached in a fixed time budget
 * (10 s; 1 s with `quick`) by each solver. Rates are medians over runs, per wall second and per
 * CPU second of the sampling thread(s).
 */
export const annealBenchSuite: BenchSuite = {
  name: 'anneal',
  description: 'Simulated annealing / PT / SQA on G-set G1 and G22: flip rates per thread and with 2 workers, cut in a 10 s budget',
  async *run({ quick, threads }): AsyncIterable<BenchRecord> {
    const runs = quick ? 1 : 5;
    const workers = threads ?? 2;
    const instances = ['G1', 'G22'];
    for (const name of instances) {
      const g = loadGset(name);
      const sizes = { n: g.numVertices, m: g.numEdges };
      const readsPerRun = quick ? 4 : Math.round(24e6 / (g.numVertices * 1000));
      const rec = (c: string, metric: string, value: number, unit: string, t = 1, extra: Record<string, unknown> = {}): BenchRecord => ({ suite: 'anneal', case: `${c}/${name}`, sizes, threads: t, metric, value, unit, runs, ...extra });

      // Per-thread rates of the SA kernels and the plain-loop peer (1000-sweep default schedule).
      const single = new SimulatedAnnealer({ numThreads: 1 });
      const wall: Record<string, number[]> = {};
      const cpu: Record<string, number[]> = {};
      const betas = betaSchedule(defaultBetaRange(g.model), 1000, 'geometric');
      const out = new Int8Array(g.numVertices);
      for (let r = 0; r < runs; r++) {
        for (const kernel of ['unit', 'table', 'float'] as const) {
          const ss = await single.sample(g.model, { numReads: readsPerRun, seed: r, kernel });
          (wall[kernel] ??= []).push(rate(ss, 'flipAttemptsPerSecond'));
          (cpu[kernel] ??= []).push(rate(ss, 'flipAttemptsPerCpuSecond'));
        }
        const t0 = performance.now();
        const c0 = threadCpuSeconds() ?? NaN;
        let attempts = 0;
        for (let k = 0; k < readsPerRun; k++) attempts += plainNealRead(g.model, betas, r * 1000 + k, out);
        (wall['plain-peer'] ??= []).push(attempts / ((performance.now() - t0) / 1000));
        (cpu['plain-peer'] ??= []).push(attempts / ((threadCpuSeconds() ?? NaN) - c0));
      }
      for (const k of Object.keys(wall)) {
        yield rec(`sa-speed-${k}`, 'flip-attempts-per-second', median(wall[k]!), 'flips/s');
        yield rec(`sa-speed-${k}`, 'flip-attempts-per-cpu-second', median(cpu[k]!), 'flips/s');
      }
      yield rec('sa-speed-unit-vs-plain', 'ratio', median(wall['unit']!) / median(wall['plain-peer']!), 'x');

      // Two workers (warm pool; parallelThreshold 0 forces the worker path).
      const multi = new SimulatedAnnealer({ numThreads: workers });
      await multi.sample(g.model, { numReads: workers, numSweeps: 10, seed: 0, parallelThreshold: 0 });
      const mw: number[] = [];
      const mc: number[] = [];
      for (let r = 0; r < runs; r++) {
        const ss = await multi.sample(g.model, { numReads: workers * readsPerRun, seed: r, parallelThreshold: 0 });
        mw.push(rate(ss, 'flipAttemptsPerSecond'));
        mc.push(rate(ss, 'flipAttemptsPerCpuSecond'));
      }
      await multi.dispose();
      yield rec('sa-speed-workers', 'flip-attempts-per-second', median(mw), 'flips/s', workers);
      yield rec('sa-speed-workers', 'flip-attempts-per-cpu-second', median(mc), 'flips/s', workers);
      yield rec('sa-speed-workers-vs-1-thread', 'ratio', median(mw) / median(wall['unit']!), 'x', workers);

      // PT and SQA per thread.
      for (const [label, annealer, opts] of [
        ['pt', new ParallelTempering({ numThreads: 1 }), { numSweeps: 100, numReplicas: 16 }],
        ['sqa', new SimulatedQuantumAnnealer({ numThreads: 1 }), { numSweeps: 100, trotterSlices: 16 }],
      ] as const) {
        const w: number[] = [];
        const c: number[] = [];
        for (let r = 0; r < runs; r++) {
          const ss = await annealer.sample(g.model, { ...opts, numReads: quick ? 1 : 2, seed: r });
          w.push(rate(ss, 'flipAttemptsPerSecond'));
          c.push(rate(ss, 'flipAttemptsPerCpuSecond'));
        }
        yield rec(`${label}-speed`, 'flip-attempts-per-second', median(w), 'flips/s');
        yield rec(`${label}-speed`, 'flip-attempts-per-cpu-second', median(c), 'flips/s');
      }
    }

    // Cut reached in a time budget, per solver.
    const budget = quick ? 1 : 10;
    const qruns = quick ? 1 : 3;
    for (const name of instances) {
      const g = loadGset(name);
      const bestKnown = BEST_KNOWN_CUTS[name]!;
      for (const cfg of QUALITY) {
        const annealer = cfg.make(workers);
        const best: number[] = [];
        const meanGap: number[] = [];
        const reads: number[] = [];
        for (let r = 0; r < qruns; r++) {
          const ss = await annealer.sample(g.model, { ...cfg.options, timeLimit: budget, seed: 100 + r });
          best.push(cutValue(g, ss.first.energy));
          let sum = 0;
          for (const rec of ss.records()) sum += rec.numOccurrences * cutValue(g, rec.energy);
          meanGap.push((100 * (bestKnown - sum / ss.numReads)) / bestKnown);
          reads.push(ss.numReads);
        }
        await annealer.dispose?.();
        const extra = { budgetSeconds: budget, runs: qruns, bestKnown, options: cfg.options, bestCuts: best, readsPerRun: reads };
        const sizes = { n: g.numVertices, m: g.numEdges };
        const q = (metric: string, value: number, unit: string): BenchRecord => ({ suite: 'anneal', case: `quality-${cfg.name}/${name}`, sizes, threads: workers, metric, value, unit, ...extra });
        yield q('best-cut-median', median(best), 'cut');
        yield q('best-cut-gap-mean', best.reduce((a, b) => a + (100 * (bestKnown - b)) / bestKnown, 0) / best.length, '%');
        yield q('runs-at-best-known', best.filter((b) => b >= bestKnown).length / best.length, 'fraction');
        yield q('read-cut-gap-mean', meanGap.reduce((a, b) => a + b, 0) / meanGap.length, '%');
      }
    }
  },
};
