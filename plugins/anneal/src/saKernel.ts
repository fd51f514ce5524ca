import type { ReadControl } from './job.js';
import type { CompiledProblem } from './problem.js';
import { buildTables, initFields, sweepFloat, sweepTable, sweepUnit } from './sweep.js';
import { WasmSweeper, wasmAvailable } from './wasmSweeper.js';

/**
 * Which sweep loop to use. `wasm`: the WebAssembly table kernel; `unit`/`table`: the same loop
 * in JS (unit couplings / integer couplings); `float`: JS with `Math.exp`. `auto` picks `wasm`
 * for integer problems and `float` otherwise; a choice the problem does not allow falls back
 * the same way.
 */
export type KernelChoice = 'auto' | 'wasm' | 'unit' | 'table' | 'float';

/** A resolved kernel. */
export type Kernel = Exclude<KernelChoice, 'auto'>;

/** All kernel choices, for validation. */
export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'wasm', 'unit', 'table', 'float'];

/** Resolves `auto` (and refuses integer kernels on problems that do not allow them). */
export function resolveKernel(p: CompiledProblem, choice: KernelChoice): Kernel {
  if (!p.integer) return 'float';
  if (choice === 'auto' || (choice === 'wasm' && !wasmAvailable())) return wasmAvailable() ? 'wasm' : p.unitWeights ? 'unit' : 'table';
  if (choice === 'unit' && !p.unitWeights) return 'table';
  return choice;
}

/** Simulated-annealing parameters as the kernels see them (betas in kernel units). */
export interface SaParams {
  readonly kind: 'sa';
  readonly betas: Float64Array;
  readonly sweepsPerBeta: number;
  readonly kernel: Kernel;
}

/** Per-job state of simulated annealing: tables and scratch fields, built once per job. */
export interface SaPrepared {
  readonly p: CompiledProblem;
  readonly params: SaParams;
  readonly tables: Int32Array;
  readonly fInt: Int32Array;
  readonly fFloat: Float64Array;
  readonly wasm: WasmSweeper | undefined;
}

/** Builds the tables once for all reads of a job. */
export function prepareSa(p: CompiledProblem, params: SaParams): SaPrepared {
  const tables = params.kernel === 'float' ? new Int32Array(0) : buildTables(params.betas, p.maxField);
  const wasm = params.kernel === 'wasm' ? new WasmSweeper(p, tables, 1) : undefined;
  return { p, params, tables, fInt: new Int32Array(p.n), fFloat: new Float64Array(p.n), wasm };
}

/** Sweeps between clock checks (a clock read costs about as much as a few dozen attempts). */
const CHECK_EVERY = 32;

/** One simulated-annealing read: anneals `s` in place; returns the flip attempts made (fewer if aborted by `ctl`). */
export function saRead(prep: SaPrepared, s: Int8Array, rng: Int32Array, ctl?: ReadControl): number {
  const { p, params, tables } = prep;
  const { betas, sweepsPerBeta, kernel } = params;
  const stride = p.maxField + 1;
  const deadline = ctl?.deadline ?? Infinity;
  let sweeps = 0;
  // Returns true when the read must stop (checked between sweeps).
  const late = (): boolean => {
    if (++sweeps % CHECK_EVERY !== 0 || deadline === Infinity || Date.now() < deadline) return false;
    ctl!.aborted = true;
    return true;
  };
  if (prep.wasm) {
    const w = prep.wasm;
    const state = w.spins(0);
    state.set(s);
    w.rng.set(rng);
    initFields(p, state, w.fields(0));
    outer: for (let b = 0; b < betas.length; b++) {
      for (let k = 0; k < sweepsPerBeta; k++) {
        w.sweep(0, b);
        if (late()) break outer;
      }
    }
    s.set(state);
    rng.set(w.rng);
  } else if (kernel === 'float') {
    const f = prep.fFloat;
    initFields(p, s, f);
    outer: for (let b = 0; b < betas.length; b++) {
      for (let k = 0; k < sweepsPerBeta; k++) {
        sweepFloat(p, s, f, betas[b]!, rng);
        if (late()) break outer;
      }
    }
  } else {
    const f = prep.fInt;
    initFields(p, s, f);
    const sweep = kernel === 'unit' ? sweepUnit : sweepTable;
    outer: for (let b = 0; b < betas.length; b++) {
      for (let k = 0; k < sweepsPerBeta; k++) {
        sweep(p, s, f, tables, b * stride, rng);
        if (late()) break outer;
      }
    }
  }
  return p.n * (ctl?.aborted ? sweeps : betas.length * sweepsPerBeta);
}
