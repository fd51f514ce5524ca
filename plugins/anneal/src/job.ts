import { threadCpuSeconds } from './cpuClock.js';
import type { CompiledProblem } from './problem.js';
import { type PtParams, preparePt, ptRead } from './ptKernel.js';
import { randomSpins, seedStream } from './random.js';
import { type SaParams, prepareSa, saRead } from './saKernel.js';
import { type SqaParams, prepareSqa, sqaRead } from './sqaKernel.js';

/** Kernel parameters of any of the sampling solvers. */
export type SolverParams = SaParams | PtParams | SqaParams;

/** Initial states given by the caller, row-major. */
export interface InitialRows {
  readonly rows: Int8Array;
  readonly numRows: number;
  /** Reads beyond `numRows` reuse rows cyclically (`tile`) or start random. */
  readonly tile: boolean;
}

/**
 * Lets a long read stop early: reads look at the clock every few sweeps and give up (setting
 * `aborted`) once `deadline` (`Date.now()` ms) has passed, so a time budget is kept even when
 * one read is long. An aborted read is dropped; its attempts still count.
 */
export interface ReadControl {
  deadline: number;
  aborted: boolean;
}

/**
 * A batch of reads for one thread: reads `first + k * step` for `k < count`, or, with a
 * `deadline`, for as long as the deadline has not passed (the first read always completes;
 * later ones are dropped if the deadline passes while they run).
 *
 * Design note: a read's random stream is derived from the run's base seed and the read's index
 * only, so a fixed-count run gives the same samples on one thread or two.
 */
export interface Job {
  readonly problem: CompiledProblem;
  readonly params: SolverParams;
  readonly seedA: number;
  readonly seedB: number;
  readonly first: number;
  readonly step: number;
  readonly count: number;
  /** `Date.now()` milliseconds after which no new read starts. */
  readonly deadline?: number;
  readonly init?: InitialRows;
}

/** What a job produced. */
export interface JobResult {
  /** reads x n spins, row k belongs to read `indices[k]`. */
  readonly samples: Int8Array;
  readonly indices: Int32Array;
  /** Spin-flip attempts made. */
  readonly attempts: number;
  /** Wall seconds spent in the reads. */
  readonly seconds: number;
  /** CPU seconds of the thread spent in the reads (NaN where the OS does not say). */
  readonly cpuSeconds: number;
}

/** Runs a job on the calling thread (the worker and the in-thread path share this). */
export function runJob(job: Job): JobResult {
  const { problem: p, params } = job;
  const n = p.n;
  const start = performance.now();
  const cpuStart = threadCpuSeconds();
  const read = readerFor(p, params);
  let capacity = Math.max(1, job.deadline === undefined ? job.count : Math.min(job.count, 64));
  let samples = new Int8Array(capacity * n);
  let indices = new Int32Array(capacity);
  const rng = new Int32Array(4);
  const ctl: ReadControl = { deadline: Infinity, aborted: false };
  let attempts = 0;
  let done = 0;
  for (; done < job.count; done++) {
    if (job.deadline !== undefined && done > 0 && Date.now() >= job.deadline) break;
    if (done === capacity) {
      capacity *= 2;
      const s2 = new Int8Array(capacity * n);
      s2.set(samples);
      samples = s2;
      const i2 = new Int32Array(capacity);
      i2.set(indices);
      indices = i2;
    }
    const index = job.first + done * job.step;
    seedStream(job.seedA, job.seedB, index, rng);
    const s = samples.subarray(done * n, (done + 1) * n);
    const init = job.init;
    if (init && (index < init.numRows || init.tile)) {
      const row = index % init.numRows;
      s.set(init.rows.subarray(row * n, (row + 1) * n));
    } else randomSpins(rng, s);
    ctl.deadline = done > 0 && job.deadline !== undefined ? job.deadline : Infinity;
    attempts += read(s, rng, ctl);
    if (ctl.aborted) break;
    indices[done] = index;
  }
  const cpuEnd = threadCpuSeconds();
  const cpuSeconds = cpuStart === undefined || cpuEnd === undefined ? NaN : cpuEnd - cpuStart;
  return { samples: samples.slice(0, done * n), indices: indices.slice(0, done), attempts, seconds: (performance.now() - start) / 1000, cpuSeconds };
}

function readerFor(p: CompiledProblem, params: SolverParams): (s: Int8Array, rng: Int32Array, ctl: ReadControl) => number {
  switch (params.kind) {
    case 'sa': {
      const prep = prepareSa(p, params);
      return (s, rng, ctl) => saRead(prep, s, rng, ctl);
    }
    case 'pt': {
      const prep = preparePt(p, params);
      return (s, rng, ctl) => ptRead(prep, s, rng, ctl);
    }
    case 'sqa': {
      const prep = prepareSqa(p, params);
      return (s, rng, ctl) => sqaRead(prep, s, rng, ctl);
    }
  }
}
