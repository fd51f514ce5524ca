import {
  type AmplitudeShift, type AngleShift, type BackendCapabilities, type CheckedExecution, type Execution, type GradientMethod, type GradientProvider, type Observable,
  type PauliMasks, type QuantumBackend, ResourceError, Rng, type StateProvider, type StateVjpResult, ValidationError, type VjpResult, checkExecution,
  checkObservables, resolveQubits, checkShots, checkUpstream, compileCircuit, describeValue, drawShots, parameterShiftVjp, pauliMasks, resolveGradientMethod,
} from '@hqml/core/browser';
import { type AdjointResult, GpuEngine, type LaunchSource } from './gpuEngine.js';
import { type DeviceBuffer, type GpuMode, GpuRuntime, readBuffer, releaseBuffer } from './gpuRuntime.js';

/** Options of {@link StatevectorGpu}. */
export interface StatevectorGpuOptions {
  /** gpu.js mode: `gpu` (default) lets gpu.js choose; `headlessgl`, `webgl2`, `webgl`, `webasm` or `cpu` forces one. */
  readonly mode?: GpuMode;
  /**
   * Largest qubit count accepted (default and at most 24: gpu.js keeps integer locals as float32,
   * exact below 2^24, so an amplitude index must stay below it); the mode's kernel output limit is
   * checked separately (GL: 23 qubits).
   */
  readonly maxQubits?: number;
  /** log2 of the amplitudes one reduction cell adds up (default 8: partial sums of 256 amplitudes, added in float64 on the host). */
  readonly reductionChunkBits?: number;
  /** The adjoint sweep restores psi from a forward checkpoint every this many steps (default 16). */
  readonly checkpointEvery?: number;
  /** Fuse gates into one- and two-qubit blocks, one kernel launch each (default true); false: one launch per gate. */
  readonly fusion?: boolean;
  /** Largest output (float32 cells) of one kernel launch, below the mode's own limit; for tests of the GL texture limit where no GL runs. */
  readonly maxKernelCells?: number;
}

/** The static defaults of {@link StatevectorGpuOptions}, read by the constructor and the plugin's schema. */
export const STATEVECTOR_GPU_DEFAULTS = Object.freeze({
  mode: 'gpu' as GpuMode,
  maxQubits: 24,
  reductionChunkBits: 8,
  checkpointEvery: 16,
  fusion: true,
});

function positiveInt(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `it must be an integer from ${min} to ${max}`, fix: `Pass a value in that range, or omit ${name} for the default` });
  }
  return v;
}

/**
 * The GPU statevector backend (`statevector-gpu`): the state of each sample is a complex64 vector
 * (float32 pairs) evolved by gpu.js kernels, one launch per fused step, in whatever mode gpu.js
 * runs (WebGL2/WebGL in a browser, headless GL on Node where the `gl` package loads, WebAssembly
 * otherwise). Expectation values reduce on the device to partial sums that the host adds in
 * float64; probabilities and samples are read back. Gradients: adjoint (default) or parameter
 * shift; see the README for why adjoint is safe in float32 here.
 *
 * Circuit compilation, validation, the parameter-shift rule and shot drawing are core's
 * (`@hqml/core` sim layer), shared with the CPU `statevector` backend.
 */
export class StatevectorGpu implements QuantumBackend, GradientProvider, StateProvider {
  readonly id = 'statevector-gpu';
  readonly gradientMethods: readonly GradientMethod[] = ['adjoint', 'parameter-shift'];
  private readonly runtime: GpuRuntime;
  private readonly engine: GpuEngine;
  private readonly maxQubits: number;
  private caps: BackendCapabilities | null = null;
  private capsModes = '';

  constructor(options: StatevectorGpuOptions = {}) {
    const d = STATEVECTOR_GPU_DEFAULTS;
    this.maxQubits = positiveInt('maxQubits', options.maxQubits ?? d.maxQubits, 1, 24);
    const chunkBits = positiveInt('reductionChunkBits', options.reductionChunkBits ?? d.reductionChunkBits, 0, 20);
    const checkpointEvery = positiveInt('checkpointEvery', options.checkpointEvery ?? d.checkpointEvery, 1, 2 ** 31);
    this.runtime = new GpuRuntime(options.mode ?? d.mode, options.maxKernelCells);
    const fusion = options.fusion ?? d.fusion;
    if (typeof fusion !== 'boolean') throw new ValidationError({ what: `fusion is ${describeValue(fusion)}`, why: 'it is true or false', fix: 'Pass true (default) or false' });
    this.engine = new GpuEngine(this.runtime, { chunkBits, checkpointEvery, fusion });
  }

  /**
   * What this backend is and does: `mode` is the gpu.js mode its kernels run in (after a run, the
   * modes of the built kernels, so a fallback to gpu.js's CPU kernel shows), `gpu` whether that is
   * a graphics processor, `precision` `complex64` (float32 pairs; values agree with the float64
   * backend to about 1e-6).
   */
  get capabilities(): BackendCapabilities {
    const built = this.engine.kernelModes();
    const modes = built.length > 0 ? built.join('+') : this.runtime.mode;
    if (this.caps && modes === this.capsModes) return this.caps;
    this.capsModes = modes;
    const fallback = this.engine.fallbackReasons();
    this.caps = Object.freeze({
      maxQubits: this.maxQubits,
      noise: false,
      shots: true,
      deviceKind: 'simulator' as const,
      precision: 'complex64',
      mode: modes,
      gpu: this.runtime.onDevice && !built.includes('cpu'),
      maxKernelCells: this.runtime.maxCells,
      gradientMethods: this.gradientMethods,
      ...(fallback.length > 0 ? { fallback: fallback.join('; ') } : {}),
    });
    return this.caps;
  }

  /** Expectation values, rows x observables, row-major. */
  expectation(execution: Execution, observables: readonly Observable[]): Float64Array {
    const ex = this.check(execution);
    checkObservables(observables, ex.circuit.numQubits);
    return this.expectRaw(ex, observables.map((o) => o.terms.map(pauliMasks)), null, null);
  }

  /** Basis-state probabilities of `qubits` (default all; qubits[0] = least significant bit), rows x 2^k. */
  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array {
    const ex = this.check(execution);
    return this.probsRaw(ex, resolveQubits(qubits, ex.circuit.numQubits));
  }

  /** `shots` outcomes per row (basis indices, qubit 0 = least significant bit), rows x shots. */
  sample(execution: Execution, shots: number, seed: number): Uint32Array {
    checkShots(shots, seed);
    const ex = this.check(execution);
    const n = ex.circuit.numQubits;
    const p = this.probsRaw(ex, Array.from({ length: n }, (_, i) => i));
    return drawShots(p, ex.rows, 2 ** n, shots, Rng.from(seed));
  }

  /** The final state vectors (complex64 widened to float64), rows x 2^n for re and im. */
  amplitudes(execution: Execution): { re: Float64Array; im: Float64Array } {
    const ex = this.check(execution);
    const N = 2 ** ex.circuit.numQubits;
    const re = new Float64Array(ex.rows * N);
    const im = new Float64Array(ex.rows * N);
    this.launches(ex, null, null, (src) => {
      const psi = this.engine.forward(src);
      const s = readBuffer(psi, src.rows * 2 * N);
      releaseBuffer(psi);
      for (let r = 0; r < src.rows; r++) {
        const o = (src.row0 + r) * N;
        for (let i = 0; i < N; i++) {
          re[o + i] = s[r * N + i]!;
          im[o + i] = s[(src.rows + r) * N + i]!;
        }
      }
    });
    return { re, im };
  }

  /** Vector-Jacobian product; the method is picked by core's `resolveGradientMethod` (`best` = adjoint). */
  vjp(execution: Execution, observables: readonly Observable[], upstream: ArrayLike<number>, method?: GradientMethod): VjpResult {
    const m = resolveGradientMethod(this, method ?? 'best');
    const ex = this.check(execution);
    checkObservables(observables, ex.circuit.numQubits);
    const up = checkUpstream(upstream, ex.rows, observables.length);
    const masks = observables.map((o) => o.terms.map(pauliMasks));
    if (m === 'parameter-shift') return parameterShiftVjp(ex, masks.length, up, (shift, ampShift) => this.expectRaw(ex, masks, shift, ampShift));
    return this.adjointVjp(ex, masks, up);
  }

  /**
   * VJP of the final states (core's `StateProvider`): `upstreamRe/Im` are dL/dRe psi and
   * dL/dIm psi, rows x 2^n; one forward pass and one adjoint sweep started from them.
   */
  stateVjp(execution: Execution, upstreamRe: ArrayLike<number>, upstreamIm: ArrayLike<number>): StateVjpResult {
    const ex = this.check(execution);
    const N = 2 ** ex.circuit.numQubits;
    const ur = checkUpstream(upstreamRe, ex.rows, N);
    const ui = checkUpstream(upstreamIm, ex.rows, N);
    const prog = compileCircuit(ex.circuit);
    const params = new Float64Array(prog.numParams);
    const inputs = new Float64Array(ex.rows * prog.numInputs);
    this.launches(ex, null, null, (src) => {
      const checkpoints = new Map<number, DeviceBuffer>();
      const psi = this.engine.forward(src, checkpoints);
      const lam = new Float32Array(src.rows * 2 * N);
      for (let r = 0; r < src.rows; r++) {
        lam.set(ur.subarray((src.row0 + r) * N, (src.row0 + r + 1) * N), r * N);
        lam.set(ui.subarray((src.row0 + r) * N, (src.row0 + r + 1) * N), (src.rows + r) * N);
      }
      // L depends on psi through Re(conj(g) psi) with g = upRe + i upIm: dL = Re <g| dpsi> (factor 1)
      this.chain(ex, src, this.engine.adjoint(src, psi, lam, checkpoints, 1), params, inputs);
    });
    return { params, inputs };
  }

  /** Releases gpu.js's kernels, memories and textures. */
  dispose(): void {
    this.engine.dispose();
    this.runtime.dispose();
  }

  private check(execution: Execution): CheckedExecution {
    const ex = checkExecution(execution);
    const n = ex.circuit.numQubits;
    if (n > this.maxQubits) {
      throw new ValidationError({ what: `the circuit has ${n} qubits`, why: `this backend accepts at most ${this.maxQubits} (option maxQubits)`, fix: 'Use fewer qubits or raise maxQubits' });
    }
    return ex;
  }

  /**
   * Runs `fn` for each launch of rows: as many rows per launch as the mode's output limit allows
   * (a GL texture holds maxTextureSize^2 cells; float32 indexes are exact to 2^24), each row a
   * 2 x 2^n float32 state.
   */
  private launches(ex: CheckedExecution, shift: AngleShift | null, ampShift: AmplitudeShift | null, fn: (src: LaunchSource) => void): void {
    const prog = compileCircuit(ex.circuit);
    const n = prog.numQubits;
    const rowCells = 2 * 2 ** n;
    const perLaunch = Math.floor(this.runtime.maxCells / rowCells);
    if (perLaunch < 1) {
      throw new ResourceError({
        what: `a ${n}-qubit state needs ${rowCells} float32 cells in one kernel launch`,
        why: `gpu.js mode "${this.runtime.mode}" allows at most ${this.runtime.maxCells} output cells per launch (GL: the texture size limit, and 2^24 for exact float32 indexes)`,
        fix: 'Use fewer qubits, or mode "webasm" (up to 24 qubits), or the CPU backend "statevector"',
      });
    }
    for (let row0 = 0; row0 < ex.rows; row0 += perLaunch) {
      const rows = Math.min(perLaunch, ex.rows - row0);
      fn({ prog, rows, row0, params: ex.params, inputs: ex.inputs, numInputs: prog.numInputs, shift, ampShift });
    }
  }

  private expectRaw(ex: CheckedExecution, masks: readonly (readonly PauliMasks[])[], shift: AngleShift | null, ampShift: AmplitudeShift | null): Float64Array {
    const O = masks.length;
    const terms = masks.flat();
    const out = new Float64Array(ex.rows * O);
    this.launches(ex, shift, ampShift, (src) => {
      const psi = this.engine.forward(src);
      const e = this.engine.termExpectations(psi, src.rows, src.prog.numQubits, terms);
      releaseBuffer(psi);
      this.combine(e, masks, src.rows, src.row0, out);
    });
    return out;
  }

  /** out[row, o] = sum_t coeff_t e[row, t] over the terms of observable o. */
  private combine(e: Float64Array, masks: readonly (readonly PauliMasks[])[], rows: number, row0: number, out: Float64Array): void {
    const O = masks.length;
    const T = e.length / rows;
    for (let r = 0; r < rows; r++) {
      let t = 0;
      for (let o = 0; o < O; o++) {
        let s = 0;
        for (const term of masks[o]!) s += term.coeff * e[r * T + t++]!;
        out[(row0 + r) * O + o] = s;
      }
    }
  }

  private probsRaw(ex: CheckedExecution, qubits: readonly number[]): Float64Array {
    const n = ex.circuit.numQubits;
    const N = 2 ** n;
    const K = 2 ** qubits.length;
    const out = new Float64Array(ex.rows * K);
    const identity = qubits.length === n && qubits.every((q, i) => q === i);
    this.launches(ex, null, null, (src) => {
      const psi = this.engine.forward(src);
      const p = this.engine.probabilities(psi, src.rows, n);
      releaseBuffer(psi);
      for (let r = 0; r < src.rows; r++) {
        const base = (src.row0 + r) * K;
        if (identity) {
          out.set(p.subarray(r * N, (r + 1) * N), base);
          continue;
        }
        for (let i = 0; i < N; i++) {
          let idx = 0;
          for (let j = 0; j < qubits.length; j++) idx |= ((i >>> qubits[j]!) & 1) << j;
          out[base + idx] = out[base + idx]! + p[r * N + i]!;
        }
      }
    });
    return out;
  }

  /** Adjoint VJP: lambda = sum_o upstream_o O_o psi, then one backward sweep (factor 2: d<psi|O|psi> = 2 Re <O psi| dpsi>). */
  private adjointVjp(ex: CheckedExecution, masks: readonly (readonly PauliMasks[])[], up: Float64Array): VjpResult {
    const O = masks.length;
    const terms = masks.flat();
    const T = terms.length;
    const prog = compileCircuit(ex.circuit);
    const value = new Float64Array(ex.rows * O);
    const params = new Float64Array(prog.numParams);
    const inputs = new Float64Array(ex.rows * prog.numInputs);
    this.launches(ex, null, null, (src) => {
      const checkpoints = new Map<number, DeviceBuffer>();
      const psi = this.engine.forward(src, checkpoints);
      this.combine(this.engine.termExpectations(psi, src.rows, prog.numQubits, terms), masks, src.rows, src.row0, value);
      const weights = new Float64Array(src.rows * T);
      for (let r = 0; r < src.rows; r++) {
        let t = 0;
        for (let o = 0; o < O; o++) for (const term of masks[o]!) weights[r * T + t++] = up[(src.row0 + r) * O + o]! * term.coeff;
      }
      const lam = this.engine.weightedPaulis(psi, src.rows, prog.numQubits, terms, weights);
      this.chain(ex, src, this.engine.adjoint(src, psi, lam, checkpoints, 2), params, inputs);
    });
    return { value, params, inputs };
  }

  /**
   * Chains the per-slot (and per-amplitude) derivatives of a launch through the affine angles to
   * parameters (summed over rows) and inputs (per row), and amplitude-encoded inputs through the
   * normalisation, `grad_x = (g - (g . psi0) psi0) / |x|`.
   */
  private chain(ex: CheckedExecution, src: LaunchSource, res: AdjointResult, params: Float64Array, inputs: Float64Array): void {
    const prog = src.prog;
    const ni = prog.numInputs;
    const S = prog.numSlots;
    for (const g of prog.gates) {
      g.angles.forEach((a, w) => {
        for (const t of a.terms) {
          for (let r = 0; r < src.rows; r++) {
            const d = res.slots[r * S + g.slot + w]!;
            if (t.source === 'param') params[t.index] = params[t.index]! + t.coeff * d;
            else inputs[(src.row0 + r) * ni + t.index] = inputs[(src.row0 + r) * ni + t.index]! + t.coeff * d;
          }
        }
      });
    }
    const amp = prog.amplitude;
    if (amp) {
      const D = 2 ** amp.k;
      const x = ex.inputs!;
      for (let r = 0; r < src.rows; r++) {
        const base = (src.row0 + r) * ni + amp.inputOffset;
        let s = 0;
        for (let j = 0; j < D; j++) s += x[base + j]! ** 2;
        const norm = Math.sqrt(s);
        let dot = 0;
        for (let j = 0; j < D; j++) dot += res.amplitudes[r * D + j]! * (x[base + j]! / norm);
        for (let j = 0; j < D; j++) inputs[base + j] = inputs[base + j]! + (res.amplitudes[r * D + j]! - dot * (x[base + j]! / norm)) / norm;
      }
    }
  }
}
