import type { CompiledProblem } from './problem.js';
import { buildTables, initFields, sweepFloat, sweepTable, sweepUnit } from './sweep.js';

/** Which sweep loop to use; `auto` picks `unit`, then `table`, then `float` as the problem allows. */
export type KernelChoice = 'auto' | 'unit' | 'table' | 'float';

/** Resolves `auto` (and refuses table kernels on problems that do not allow them). */
export function resolveKernel(p: CompiledProblem, choice: KernelChoice): 'unit' | 'table' | 'float' {
  if (choice === 'auto') return p.unitWeights ? 'unit' : p.integer ? 'table' : 'float';
  if (choice === 'unit' && !p.unitWeights) return p.integer ? 'table' : 'float';
  if (choice === 'table' && !p.integer) return 'float';
  return choice;
}

/** Simulated-annealing parameters as the kernels see them (betas in kernel units). */
export interface SaParams {
  readonly kind: 'sa';
  readonly betas: Float64Array;
  readonly sweepsPerBeta: number;
  readonly kernel: 'unit' | 'table' | 'float';
}

/** Per-job state of simulated annealing: tables and scratch fields, built once per job. */
export interface SaPrepared {
  readonly p: CompiledProblem;
  readonly params: SaParams;
  readonly tables: Int32Array;
  readonly fInt: Int32Array;
  readonly fFloat: Float64Array;
}

/** Builds the tables once for all reads of a job. */
export function prepareSa(p: CompiledProblem, params: SaParams): SaPrepared {
  const tables = params.kernel === 'float' ? new Int32Array(0) : buildTables(params.betas, p.maxField);
  return { p, params, tables, fInt: new Int32Array(p.n), fFloat: new Float64Array(p.n) };
}

/** One simulated-annealing read: anneals `s` in place; returns the flip attempts made. */
export function saRead(prep: SaPrepared, s: Int8Array, rng: Int32Array): number {
  const { p, params, tables } = prep;
  const { betas, sweepsPerBeta, kernel } = params;
  const stride = p.maxField + 1;
  if (kernel === 'float') {
    const f = prep.fFloat;
    initFields(p, s, f);
    for (let b = 0; b < betas.length; b++) for (let k = 0; k < sweepsPerBeta; k++) sweepFloat(p, s, f, betas[b]!, rng);
  } else {
    const f = prep.fInt;
    initFields(p, s, f);
    const sweep = kernel === 'unit' ? sweepUnit : sweepTable;
    for (let b = 0; b < betas.length; b++) for (let k = 0; k < sweepsPerBeta; k++) sweep(p, s, f, tables, b * stride, rng);
  }
  return p.n * betas.length * sweepsPerBeta;
}
