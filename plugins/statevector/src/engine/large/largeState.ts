import { type CheckedExecution, compileCircuit, type CompiledCircuit, type PauliMasks, requireMemory } from '@hqml/core';
import { buildPlan, planOps } from './plan.js';
import { engineBytes, engineFits, WasmStateEngine } from './wasmEngine.js';
import type { LargeEngine, LargeStateOptions } from '../../platform.js';

/** From this many qubits on, the threads share each state; below, the main thread runs it alone. */
const PARALLEL_MIN_QUBITS = 18;

export type { LargeStateOptions } from '../../platform.js';

/** Angle shift (parameter-shift rule) and amplitude shift of a run, as in the batched engine. */
type Shift = { readonly slot: number; readonly delta: number } | null;
type AmpShift = { readonly j: number; readonly delta: number } | null;

/**
 * The noise-free single-state path for large circuits: each row runs alone on the WebAssembly
 * engine (SIMD kernels, cache-blocked passes, threads sharing the state). The backend routes
 * expectation values, probabilities and amplitudes here when `chooseEngine` (engineChoice.ts)
 * picks `large-wasm`; everything else stays on the batch and JavaScript engines.
 */
export class LargeStatePath implements LargeEngine {
  private readonly engine: WasmStateEngine;

  constructor(private readonly options: LargeStateOptions) {
    this.engine = new WasmStateEngine(options.threads, options.blockQubits);
  }

  /** Whether an n-qubit state, its threads' blocks and a plan fit the engine's wasm32 memory. */
  fits(n: number): boolean {
    return engineFits(n, this.options.threads, this.options.blockQubits);
  }

  private check(n: number, outBytes: number, what: string): void {
    requireMemory(engineBytes(n, this.options.threads, this.options.blockQubits) + outBytes, this.options.memoryBudgetBytes, what);
  }

  /** Runs row `row`; `terms` are the Pauli terms whose (unweighted) expectations are returned. */
  private runRow(ex: CheckedExecution, prog: CompiledCircuit, row: number, shift: Shift, ampShift: AmpShift, terms: readonly PauliMasks[]): Float64Array {
    const o = this.options;
    const ops = planOps(prog, { params: ex.params, inputs: ex.inputs ?? undefined, row, shift }, o.fuse);
    let amps: Float64Array | null = null;
    const amp = prog.amplitude;
    if (amp) {
      const D = 2 ** amp.k;
      const x = ex.inputs!;
      const off = row * prog.numInputs + amp.inputOffset;
      let s = 0;
      for (let j = 0; j < D; j++) s += x[off + j]! ** 2;
      const norm = Math.sqrt(s);
      amps = new Float64Array(D);
      for (let j = 0; j < D; j++) amps[j] = x[off + j]! / norm;
      if (ampShift) amps[ampShift.j] = amps[ampShift.j]! + ampShift.delta;
    }
    const n = prog.numQubits;
    // below 2^18 amplitudes a pass takes well under a millisecond: a barrier per pass costs more than a second thread gains
    const threads = n >= PARALLEL_MIN_QUBITS ? o.threads : 1;
    const plan = buildPlan(n, ops, { fuse: o.fuse, blocking: o.blocking, blockQubits: o.blockQubits, threads }, amps, terms);
    return this.engine.run(n, plan, terms.length, threads);
  }

  /** Expectation values, rows x observables. */
  expect(ex: CheckedExecution, masks: readonly (readonly PauliMasks[])[], shift: Shift, ampShift: AmpShift): Float64Array {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const O = masks.length;
    this.check(n, ex.rows * O * 8, `a ${n}-qubit simulation`);
    const terms = masks.flat();
    const out = new Float64Array(ex.rows * O);
    for (let r = 0; r < ex.rows; r++) {
      const e = this.runRow(ex, prog, r, shift, ampShift, terms);
      let t = 0;
      masks.forEach((ts, o) => {
        let s = 0;
        for (const term of ts) s += term.coeff * e[t++]!;
        out[r * O + o] = s;
      });
    }
    return out;
  }

  /** Basis-state probabilities of `qubits` (qubits[0] = least significant bit), rows x 2^k. */
  probs(ex: CheckedExecution, qubits: readonly number[]): Float64Array {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const K = 2 ** qubits.length;
    this.check(n, ex.rows * K * 8, `a ${n}-qubit simulation`);
    const out = new Float64Array(ex.rows * K);
    const identity = qubits.length === n && qubits.every((q, i) => q === i);
    for (let r = 0; r < ex.rows; r++) {
      this.runRow(ex, prog, r, null, null, []);
      const { re, im } = this.engine.view();
      const base = r * K;
      if (identity) {
        for (let i = 0; i < re.length; i++) out[base + i] = re[i]! * re[i]! + im[i]! * im[i]!;
        continue;
      }
      for (let i = 0; i < re.length; i++) {
        let idx = 0;
        for (let j = 0; j < qubits.length; j++) idx |= ((i >>> qubits[j]!) & 1) << j;
        out[base + idx] = out[base + idx]! + re[i]! * re[i]! + im[i]! * im[i]!;
      }
    }
    return out;
  }

  /** Final states, rows x 2^n for re and im. */
  amplitudes(ex: CheckedExecution): { re: Float64Array; im: Float64Array } {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const N = 2 ** n;
    this.check(n, ex.rows * N * 16, `the amplitudes of ${ex.rows} state(s) of ${n} qubits`);
    const re = new Float64Array(ex.rows * N);
    const im = new Float64Array(ex.rows * N);
    for (let r = 0; r < ex.rows; r++) {
      this.runRow(ex, prog, r, null, null, []);
      const v = this.engine.view();
      re.set(v.re, r * N);
      im.set(v.im, r * N);
    }
    return { re, im };
  }

  /** Stops the engine's workers and frees its memory. */
  dispose(): void {
    this.engine.dispose();
  }
}
