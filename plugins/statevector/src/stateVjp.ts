import { adjointCoefs, type AngleExpr, type CheckedExecution, coefSize, compileCircuit, type CompiledCircuit, type CompiledGate, derivKind, describeValue, gateCoefs, gateDerivCoefs, type KernelKind, requireMemory, type StateVjpResult, ValidationError } from '@hqml/core/browser';
import * as K from './engine/kernels.js';
import { Sim, type Task } from './engine/sim.js';

/** Engine options that the state VJP shares with the backend's other calls. */
export interface StateVjpOptions {
  readonly fuse: boolean;
  readonly blocking: boolean;
  /** Amplitudes (rows x 2^n) per batch chunk. */
  readonly chunkAmplitudes: number;
  readonly memoryBudgetBytes: number;
}

/** Checks a state cotangent: `len` finite values (rows x 2^n). */
export function checkStateUpstream(name: string, up: ArrayLike<number>, len: number, rows: number, N: number): void {
  if (!up || up.length !== len) {
    throw new ValidationError({ what: `${name} has ${describeValue(up?.length)} values`, why: `the states are ${rows} rows x ${N} amplitudes`, fix: `Pass ${len} values, row-major (row b, amplitude i at b * ${N} + i)` });
  }
  for (let i = 0; i < len; i++) {
    if (!Number.isFinite(up[i])) throw new ValidationError({ what: `${name}[${i}] is ${describeValue(up[i])}`, why: 'cotangents must be finite', fix: 'Check the loss for NaN or Infinity' });
  }
}

/**
 * Vector-Jacobian product of the final states of a noise-free circuit (the `StateProvider`
 * ability of core): for a real loss L with `upRe = dL/dRe psi`, `upIm = dL/dIm psi`,
 * dL = Re <g|dpsi> with g = upRe + i upIm, so the adjoint state is seeded with lambda = g / 2 and
 * the usual sweep (psi and lambda through the inverse gates, 2 Re <lambda|dG psi> per angle)
 * gives the gradients with one forward and one backward pass. The forward pass is the engine's
 * (fused, cache-blocked); the backward pass applies the engine's kernels gate by gate.
 * Single-threaded: the states this ability serves (overlap losses) are small and many.
 */
export function stateVjp(ex: CheckedExecution, upRe: ArrayLike<number>, upIm: ArrayLike<number>, options: StateVjpOptions): StateVjpResult {
  const prog = compileCircuit(ex.circuit);
  const n = prog.numQubits;
  const N = 2 ** n;
  const rows = ex.rows;
  checkStateUpstream('upstreamRe', upRe, rows * N, rows, N);
  checkStateUpstream('upstreamIm', upIm, rows * N, rows, N);
  const chunk = Math.max(1, Math.min(rows, Math.floor(options.chunkAmplitudes / N)));
  requireMemory(chunk * N * 16 * 2 + rows * prog.numInputs * 8, options.memoryBudgetBytes, `the state VJP of ${n} qubits (${chunk} states per chunk, with the adjoint states)`);
  const sweep = new AdjointSweep(prog, ex, options);
  const params = new Float64Array(prog.numParams);
  const inputs = new Float64Array(rows * prog.numInputs);
  for (let r0 = 0; r0 < rows; r0 += chunk) sweep.run(r0, Math.min(rows, r0 + chunk), upRe, upIm, params, inputs);
  return { params, inputs };
}

const COEF_KINDS: ReadonlySet<KernelKind> = new Set(['m1', 'd1', 'cm1', 'd2', 'm2']);

/** One chunk of rows at a time: forward by the engine, backward gate by gate. */
class AdjointSweep {
  private readonly sim = new Sim();
  private re = new Float64Array(0);
  private im = new Float64Array(0);
  private lre = new Float64Array(0);
  private lim = new Float64Array(0);
  private vals = new Float64Array(0);
  private coef = new Float64Array(0);
  private dcoef = new Float64Array(0);
  private big = new Float64Array(0);
  private acc = new Float64Array(0);
  private B = 0;
  private L = 0;
  private readonly task: Task;

  constructor(private readonly prog: CompiledCircuit, private readonly ex: CheckedExecution, options: StateVjpOptions) {
    this.task = { prog, params: ex.params, inputs: ex.inputs ?? undefined, rep: 1, shift: null, ampShift: null, noise: null, seed: 0, fuse: options.fuse, blocking: options.blocking };
  }

  run(r0: number, r1: number, upRe: ArrayLike<number>, upIm: ArrayLike<number>, gp: Float64Array, gx: Float64Array): void {
    const { prog } = this;
    const B = r1 - r0;
    const N = 2 ** prog.numQubits;
    const L = B * N;
    this.B = B;
    this.L = L;
    if (this.re.length < L) {
      this.re = new Float64Array(L);
      this.im = new Float64Array(L);
      this.lre = new Float64Array(L);
      this.lim = new Float64Array(L);
    }
    this.sim.forward(this.task, r0, r1);
    const s = this.sim.state();
    this.re.set(s.re.subarray(0, L));
    this.im.set(s.im.subarray(0, L));
    // lambda = g / 2, from row-major rows x N into the sample-innermost layout
    for (let b = 0; b < B; b++) {
      const o = (r0 + b) * N;
      for (let i = 0; i < N; i++) {
        this.lre[i * B + b] = 0.5 * (upRe[o + i] as number);
        this.lim[i * B + b] = 0.5 * (upIm[o + i] as number);
      }
    }
    this.evalAngles(r0);
    this.acc = this.acc.length >= B ? this.acc : new Float64Array(B);
    const ni = prog.numInputs;
    for (let gi = prog.gates.length - 1; gi >= 0; gi--) {
      const g = prog.gates[gi]!;
      if (g.angles.length === 1 && g.angles[0]!.terms.length > 0 && this.fusedStep(g)) {
        this.spread(g.angles[0]!, r0, ni, gp, gx);
        continue;
      }
      this.inverseCoefs(g);
      this.apply(g, this.re, this.im);
      g.angles.forEach((a, which) => {
        if (a.terms.length === 0) return;
        this.acc.fill(0, 0, B);
        this.derivInner(g, which);
        this.spread(a, r0, ni, gp, gx);
      });
      this.apply(g, this.lre, this.lim);
    }
    const amp = prog.amplitude;
    if (amp) {
      // psi0 = x / |x| (now back in re): grad_x = (g - (g . psi0) psi0) / |x| with g_j = 2 Re lambda0_j
      const D = 2 ** amp.k;
      const x = this.ex.inputs!;
      for (let b = 0; b < B; b++) {
        const base = (r0 + b) * ni + amp.inputOffset;
        let norm = 0;
        for (let j = 0; j < D; j++) norm += x[base + j]! ** 2;
        norm = Math.sqrt(norm);
        let dot = 0;
        for (let j = 0; j < D; j++) dot += 2 * this.lre[j * B + b]! * this.re[j * B + b]!;
        for (let j = 0; j < D; j++) gx[base + j] = gx[base + j]! + (2 * this.lre[j * B + b]! - dot * this.re[j * B + b]!) / norm;
      }
    }
  }

  /** Adds acc[b] (d L / d angle per row) onto the angle's parameters and inputs. */
  private spread(a: AngleExpr, r0: number, ni: number, gp: Float64Array, gx: Float64Array): void {
    const { B, acc } = this;
    for (const t of a.terms) {
      if (t.source === 'param') {
        let sum = 0;
        for (let b = 0; b < B; b++) sum += acc[b]!;
        gp[t.index] = gp[t.index]! + t.coeff * sum;
      } else {
        for (let b = 0; b < B; b++) {
          const o = (r0 + b) * ni + t.index;
          gx[o] = gx[o]! + t.coeff * acc[b]!;
        }
      }
    }
  }

  /**
   * The single-pass backward step of the engine's kernels for Pauli rotations (adjRotPs) and RZZ
   * (adjD2): psi and lambda through the inverse gate with the inner product on the way. Leaves
   * the per-row derivative in `acc`; false for other gates.
   */
  private fusedStep(g: CompiledGate): boolean {
    const { B, L, re, im, lre, lim, acc } = this;
    const axis = g.gate === 'RX' ? 0 : g.gate === 'RY' ? 1 : g.gate === 'RZ' ? 2 : -1;
    acc.fill(0, 0, B);
    if (axis >= 0) {
      if (this.dcoef.length < 2 * B) this.dcoef = new Float64Array(2 * B);
      for (let b = 0; b < B; b++) {
        const t = this.angle(g, 0, b);
        this.dcoef[2 * b] = Math.cos(t / 2);
        this.dcoef[2 * b + 1] = Math.sin(t / 2);
      }
      K.adjRotPs(re, im, lre, lim, B * 2 ** g.qubits[0]!, B, 0, L / 2, axis, this.dcoef, acc);
      return true;
    }
    if (g.gate === 'RZZ') {
      this.inverseCoefs(g);
      if (this.dcoef.length < 8 * B) this.dcoef = new Float64Array(8 * B);
      for (let b = 0; b < B; b++) gateDerivCoefs(g.gate, 0, this.angle(g, 0, b), 0, 0, this.dcoef, b * 8);
      K.adjD2(re, im, lre, lim, B * 2 ** g.qubits[0]!, B * 2 ** g.qubits[1]!, B, 0, L / 4, this.coef, 8, this.dcoef, 8, acc);
      return true;
    }
    return false;
  }

  /** Angle values per slot and row: vals[slot * B + b]. */
  private evalAngles(r0: number): void {
    const { prog, B } = this;
    const { params, inputs } = this.ex;
    if (this.vals.length < prog.numSlots * B) this.vals = new Float64Array(prog.numSlots * B);
    const ni = prog.numInputs;
    for (const g of prog.gates) {
      g.angles.forEach((a, w) => {
        const base = (g.slot + w) * B;
        let c = a.constant;
        for (const t of a.terms) if (t.source === 'param') c += t.coeff * params[t.index]!;
        this.vals.fill(c, base, base + B);
        for (const t of a.terms) {
          if (t.source !== 'input') continue;
          for (let b = 0; b < B; b++) this.vals[base + b] = this.vals[base + b]! + t.coeff * inputs![(r0 + b) * ni + t.index]!;
        }
      });
    }
  }

  private angle(g: CompiledGate, w: number, b: number): number {
    return w < g.angles.length ? this.vals[(g.slot + w) * this.B + b]! : 0;
  }

  /** Per-row coefficients of the inverse gate in `coef` (kinds with coefficients only). */
  private inverseCoefs(g: CompiledGate): void {
    if (!COEF_KINDS.has(g.kind)) return;
    const cs = coefSize(g.kind);
    const { B } = this;
    if (this.coef.length < B * cs) this.coef = new Float64Array(B * cs);
    for (let b = 0; b < B; b++) {
      gateCoefs(g.gate, this.angle(g, 0, b), this.angle(g, 1, b), this.angle(g, 2, b), this.coef, b * cs);
      adjointCoefs(g.kind, this.coef, b * cs);
    }
  }

  /** Applies the inverse of `g` (coefficients from {@link inverseCoefs}) to one buffer pair. */
  private apply(g: CompiledGate, re: Float64Array, im: Float64Array): void {
    const { B, L, coef } = this;
    const q = g.qubits;
    const Sa = B * 2 ** q[0]!;
    const Sb = q.length > 1 ? B * 2 ** q[1]! : 0;
    const half = L / 2, quarter = L / 4;
    // X, Y, CNOT, CZ and SWAP are their own inverses.
    switch (g.kind) {
      case 'm1': K.m1ps(re, im, Sa, B, 0, half, coef); return;
      case 'd1': K.d1ps(re, im, Sa, B, 0, half, coef); return;
      case 'x': K.px(re, im, Sa, 0, half); return;
      case 'y': K.py(re, im, Sa, 0, half); return;
      case 'cx': K.cx(re, im, Sa, Sb, 0, quarter); return;
      case 'cz': K.cz(re, im, Sa, Sb, 0, quarter); return;
      case 'swap': K.swap(re, im, Sa, Sb, 0, quarter); return;
      case 'cm1': K.cm1ps(re, im, Sa, Sb, B, 0, quarter, coef); return;
      case 'd2': K.d2(re, im, Sa, Sb, B, 0, quarter, coef, 8); return;
      case 'm2': K.m2(re, im, Sa, Sb, B, 0, quarter, coef, 32); return;
      case 'id': return;
    }
  }

  /** acc[b] += 2 Re <lambda_b| dG/dangle psi_b>, psi before the gate, lambda after it. */
  private derivInner(g: CompiledGate, which: number): void {
    const { B, L, acc, re, im, lre, lim } = this;
    const dk = derivKind(g.gate);
    const cs = dk === 'm2' ? 32 : 8;
    if (this.dcoef.length < B * cs) this.dcoef = new Float64Array(B * cs);
    const d = this.dcoef;
    for (let b = 0; b < B; b++) gateDerivCoefs(g.gate, which, this.angle(g, 0, b), this.angle(g, 1, b), this.angle(g, 2, b), d, b * cs);
    const q = g.qubits;
    const Sa = B * 2 ** q[0]!;
    if (q.length === 1) {
      K.innerM1(re, im, lre, lim, Sa, B, 0, L / 2, d, cs, acc);
      return;
    }
    const Sb = B * 2 ** q[1]!;
    if (dk === 'cm1') {
      K.innerCM1(re, im, lre, lim, Sa, Sb, B, 0, L / 4, d, cs, acc);
    } else if (dk === 'd2') {
      // the 4 diagonal entries as a 4x4 for the general inner product
      if (this.big.length < B * 32) this.big = new Float64Array(B * 32);
      const big = this.big;
      big.fill(0, 0, B * 32);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < 4; k++) {
          big[b * 32 + k * 8 + k * 2] = d[b * 8 + k * 2]!;
          big[b * 32 + k * 8 + k * 2 + 1] = d[b * 8 + k * 2 + 1]!;
        }
      }
      K.innerM2(re, im, lre, lim, Sa, Sb, B, 0, L / 4, big, 32, acc);
    } else {
      K.innerM2(re, im, lre, lim, Sa, Sb, B, 0, L / 4, d, cs, acc);
    }
  }
}
