import type { ReadControl } from './job.js';
import type { CompiledProblem } from './problem.js';
import { nextFloat, randomSpins } from './random.js';
import type { Kernel } from './saKernel.js';
import { buildTables, initFields, sweepFloat, sweepTable, sweepUnit } from './sweep.js';
import { WasmSweeper } from './wasmSweeper.js';

/** Parallel-tempering parameters as the kernels see them. */
export interface PtParams {
  readonly kind: 'pt';
  /** The ladder, hottest first, in kernel units. */
  readonly betas: Float64Array;
  readonly numSweeps: number;
  readonly kernel: Kernel;
  /** Return the lowest state any replica visited (true) or the coldest replica's final state. */
  readonly returnBest: boolean;
}

/** Per-job scratch of parallel tempering. */
export interface PtPrepared {
  readonly p: CompiledProblem;
  readonly params: PtParams;
  readonly tables: Int32Array;
  readonly states: Int8Array[];
  readonly fInt: Int32Array[];
  readonly fFloat: Float64Array[];
  readonly energy: Float64Array;
  /** perm[r] = the replica storage at ladder rung r. */
  readonly perm: Int32Array;
  readonly wasm: WasmSweeper | undefined;
}

/** Allocates replicas and builds one table row per rung. */
export function preparePt(p: CompiledProblem, params: PtParams): PtPrepared {
  const R = params.betas.length;
  const float = params.kernel === 'float';
  const tables = float ? new Int32Array(0) : buildTables(params.betas, p.maxField);
  const wasm = params.kernel === 'wasm' ? new WasmSweeper(p, tables, R) : undefined;
  return {
    p,
    params,
    tables,
    wasm,
    states: Array.from({ length: R }, (_, r) => (wasm ? wasm.spins(r) : new Int8Array(p.n))),
    fInt: float ? [] : Array.from({ length: R }, (_, r) => (wasm ? wasm.fields(r) : new Int32Array(p.n))),
    fFloat: float ? Array.from({ length: R }, () => new Float64Array(p.n)) : [],
    energy: new Float64Array(R),
    perm: new Int32Array(R),
  };
}

/**
 * One parallel-tempering read (replica exchange): every sweep updates each replica at its
 * rung's temperature, then neighbouring rungs (even pairs, then odd pairs, alternately) swap
 * configurations with probability min(1, exp((beta_r - beta_{r+1}) (E_r - E_{r+1}))).
 * Replica 0 starts from `s` (random or given); the others start random. Returns attempts.
 */
export function ptRead(prep: PtPrepared, s: Int8Array, rng: Int32Array, ctl?: ReadControl): number {
  const { p, params, tables, states, energy, perm } = prep;
  const { betas, numSweeps, kernel, returnBest } = params;
  const R = betas.length;
  const stride = p.maxField + 1;
  const float = kernel === 'float';
  for (let r = 0; r < R; r++) {
    perm[r] = r;
    if (r === 0) states[0]!.set(s);
    else randomSpins(rng, states[r]!);
    energy[r] = initFields(p, states[r]!, float ? prep.fFloat[r]! : prep.fInt[r]!);
  }
  let best = Infinity;
  const sweep = kernel === 'unit' ? sweepUnit : sweepTable;
  const wasm = prep.wasm;
  const deadline = ctl?.deadline ?? Infinity;
  for (let t = 0; t < numSweeps; t++) {
    if (deadline !== Infinity && Date.now() >= deadline) {
      ctl!.aborted = true;
      return p.n * R * t;
    }
    if (wasm) wasm.rng.set(rng);
    for (let r = 0; r < R; r++) {
      const q = perm[r]!;
      energy[q]! += wasm ? wasm.sweep(q, r) : float ? sweepFloat(p, states[q]!, prep.fFloat[q]!, betas[r]!, rng) : sweep(p, states[q]!, prep.fInt[q]!, tables, r * stride, rng);
    }
    if (wasm) rng.set(wasm.rng);
    for (let r = t & 1; r + 1 < R; r += 2) {
      const a = perm[r]!;
      const b = perm[r + 1]!;
      const x = (betas[r]! - betas[r + 1]!) * (energy[a]! - energy[b]!);
      if (x >= 0 || nextFloat(rng) < Math.exp(x)) {
        perm[r] = b;
        perm[r + 1] = a;
      }
    }
    if (returnBest) {
      for (let q = 0; q < R; q++) {
        if (energy[q]! < best - 1e-9) {
          best = energy[q]!;
          s.set(states[q]!);
        }
      }
    }
  }
  if (!returnBest || numSweeps === 0) s.set(states[perm[R - 1]!]!);
  return p.n * R * numSweeps;
}
