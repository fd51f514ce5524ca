import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Annealer, type BenchRecord, type BenchSuite, DataError, median, type SampleSet } from '@hqml/core';
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

/**
 * Compiles the C++ peer (bench/nealPeer.cpp, neal's loop) with `g++ -O3 -march=native` into a
 * temporary folder; `undefined` when there is no compiler or source.
 */
function buildCppPeer(): { exe: string; cleanup: () => void } | undefined {
  const src = fileURLToPath(new URL('../bench/nealPeer.cpp', import.meta.url));
  if (!existsSync(src)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hqml-neal-peer-'));
  const exe = join(dir, 'nealPeer');
  try {
    execFileSync('g++', ['-O3', '-march=native', '-o', exe, src], { stdio: 'ignore' });
    return { exe, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Runs the C++ peer: flip attempts per wall and per CPU second. */
function runCppPeer(exe: string, file: string, reads: number, seed: number): { wall: number; cpu: number } {
  const [attempts, wall, cpu] = execFileSync(exe, [file, String(reads), String(seed)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number) as [number, number, number];
  return { wall: attempts / wall, cpu: attempts / cpu };
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
  { name: 'sa-10000', make: (t) => new SimulatedAnnealer({ numThreads: t }), options: { numSweeps: 10000 } },
  { name: 'pt', make: (t) => new ParallelTempering({ numThreads: t }), options: { numSweeps: 2000, numReplicas: 24, betaRange: [0.3, 3] } },
  { name: 'sqa', make: (t) => new SimulatedQuantumAnnealer({ numThreads: t }), options: { numSweeps: 1000, trotterSlices: 16 } },
];

/**
 * `hqml bench anneal`: flip attempts per second per thread (each SA kernel, the plain-loop and
 * C++ peers, PT and SQA) and with two workers, on G1 and G22; and the cut reached in a fixed
 * time budget (10 s; 1 s with `quick`) by each solver. Rates are medians over runs, per wall
 * second and per CPU second of the sampling thread(s); ratios compare medians of the same run.
 */
export const annealBenchSuite: BenchSuite = {
  name: 'anneal',
  description: 'Simulated annealing / PT / SQA on G-set G1 and G22: flip rates per thread and with 2 workers, cut in a 10 s budget',
  async *run({ quick, threads }): AsyncIterable<BenchRecord> {
    const runs = quick ? 1 : 3;
    const workers = threads ?? 2;
    const instances = ['G1', 'G22'];
    const cpp = buildCppPeer();
    for (const name of instances) {
      const g = loadGset(name);
      const sizes = { n: g.numVertices, m: g.numEdges };
      const readsPerRun = quick ? 4 : Math.round(24e6 / (g.numVertices * 1000));
      const rec = (c: string, metric: string, value: number, unit: string, t = 1, extra: Record<string, unknown> = {}): BenchRecord => ({ suite: 'anneal', case: `${c}/${name}`, sizes, threads: t, metric, value, unit, runs, ...extra });

      // Per-thread rates of the SA kernels and the peers (1000-sweep default schedule), and the
      // same reads on two workers right after the one-thread wasm run of each round, so the ratio
      // compares measurements taken moments apart on this shared machine.
      const single = new SimulatedAnnealer({ numThreads: 1 });
      const multi = new SimulatedAnnealer({ numThreads: workers });
      await multi.sample(g.model, { numReads: workers, numSweeps: 10, seed: 0, parallelThreshold: 0 });
      const wall: Record<string, number[]> = {};
      const cpu: Record<string, number[]> = {};
      const ratios: number[] = [];
      const betas = betaSchedule(defaultBetaRange(g.model), 1000, 'geometric');
      const out = new Int8Array(g.numVertices);
      for (let r = 0; r < runs; r++) {
        for (const kernel of ['wasm', 'unit', 'table', 'float'] as const) {
          const ss = await single.sample(g.model, { numReads: readsPerRun, seed: r, kernel });
          (wall[kernel] ??= []).push(rate(ss, 'flipAttemptsPerSecond'));
          (cpu[kernel] ??= []).push(rate(ss, 'flipAttemptsPerCpuSecond'));
          if (kernel === 'wasm') {
            const ms = await multi.sample(g.model, { numReads: workers * readsPerRun, seed: r, parallelThreshold: 0 });
            (wall['workers'] ??= []).push(rate(ms, 'flipAttemptsPerSecond'));
            (cpu['workers'] ??= []).push(rate(ms, 'flipAttemptsPerCpuSecond'));
            ratios.push(rate(ms, 'flipAttemptsPerSecond') / rate(ss, 'flipAttemptsPerSecond'));
          }
        }
        const t0 = performance.now();
        const c0 = threadCpuSeconds() ?? NaN;
        let attempts = 0;
        for (let k = 0; k < readsPerRun; k++) attempts += plainNealRead(g.model, betas, r * 1000 + k, out);
        (wall['plain-peer'] ??= []).push(attempts / ((performance.now() - t0) / 1000));
        (cpu['plain-peer'] ??= []).push(attempts / ((threadCpuSeconds() ?? NaN) - c0));
        if (cpp) {
          const r2 = runCppPeer(cpp.exe, join(gsetDir(), `${name}.txt`), readsPerRun, r + 1);
          (wall['cpp-peer'] ??= []).push(r2.wall);
          (cpu['cpp-peer'] ??= []).push(r2.cpu);
        }
      }
      await multi.dispose();
      for (const k of Object.keys(wall)) {
        const t = k === 'workers' ? workers : 1;
        yield rec(`sa-speed-${k}`, 'flip-attempts-per-second', median(wall[k]!), 'flips/s', t);
        yield rec(`sa-speed-${k}`, 'flip-attempts-per-cpu-second', median(cpu[k]!), 'flips/s', t);
      }
      for (const peer of ['plain-peer', 'cpp-peer']) {
        if (!cpu[peer]) continue;
        for (const k of ['wasm', 'unit']) yield rec(`sa-speed-${k}-vs-${peer}`, 'ratio-per-cpu-second', median(cpu[k]!) / median(cpu[peer]!), 'x');
      }
      yield rec('sa-speed-workers-vs-1-thread', 'ratio-per-wall-second', median(ratios), 'x', workers, { perRun: ratios.map((x) => +x.toFixed(3)) });

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
        const walls: number[] = [];
        for (let r = 0; r < qruns; r++) {
          const ss = await annealer.sample(g.model, { ...cfg.options, timeLimit: budget, seed: 100 + r });
          walls.push(ss.info.timing?.wallSeconds ?? NaN);
          best.push(cutValue(g, ss.first.energy));
          let sum = 0;
          for (const rec of ss.records()) sum += rec.numOccurrences * cutValue(g, rec.energy);
          meanGap.push((100 * (bestKnown - sum / ss.numReads)) / bestKnown);
          reads.push(ss.numReads);
        }
        await annealer.dispose?.();
        const extra = { budgetSeconds: budget, runs: qruns, bestKnown, options: cfg.options, bestCuts: best, readsPerRun: reads, wallSeconds: walls.map((w) => +w.toFixed(2)) };
        const sizes = { n: g.numVertices, m: g.numEdges };
        const q = (metric: string, value: number, unit: string): BenchRecord => ({ suite: 'anneal', case: `quality-${cfg.name}/${name}`, sizes, threads: workers, metric, value, unit, ...extra });
        yield q('best-cut-median', median(best), 'cut');
        yield q('best-cut-gap-mean', best.reduce((a, b) => a + (100 * (bestKnown - b)) / bestKnown, 0) / best.length, '%');
        yield q('runs-at-best-known', best.filter((b) => b >= bestKnown).length / best.length, 'fraction');
        yield q('read-cut-gap-mean', meanGap.reduce((a, b) => a + b, 0) / meanGap.length, '%');
      }
    }
    cpp?.cleanup();
  },
};
